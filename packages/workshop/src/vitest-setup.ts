/**
 * The setup file of every chapter package's tests: aws-sdk-client-mock's matchers,
 * expect(mock).toHaveReceivedCommandWith(...). Imported from here, so that Node loads the
 * package as it is (vitest-config.ts keeps it external).
 */
import 'aws-sdk-client-mock-vitest/extend';
