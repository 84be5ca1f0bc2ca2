/**
 * The CreateFunction settings Lambda refuses, with the error code and message AWS answers
 * (Lambda API reference, CreateFunction, and AWS's recorded answers). The model's tests and the
 * tests over the wire check the same list.
 */
import type { CreateFunctionInput } from '../../src/services/lambda/model.ts';

export const CREATE_FUNCTION_REFUSALS = [
  [
    { Role: 'r1' },
    'ValidationException',
    "1 validation error detected: Value 'r1' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+",
  ],
  [
    { Runtime: 'python3.12' },
    'InvalidParameterValueException',
    'The local cloud runs Node.js functions only (runtime nodejs20.x, nodejs22.x, nodejs24.x), not python3.12; AWS Lambda itself runs other languages too.',
  ],
  [
    { Runtime: 'nodejs12.x' },
    'InvalidParameterValueException',
    'The runtime parameter of nodejs12.x is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.',
  ],
  [
    { Runtime: 'nodejs20.x' },
    'InvalidParameterValueException',
    'The runtime parameter of nodejs20.x is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.',
  ],
  [
    { Handler: 'index handler' },
    'ValidationException',
    "1 validation error detected: Value 'index handler' at 'handler' failed to satisfy constraint: Member must satisfy regular expression pattern: [^\\s]+",
  ],
  [
    { MemorySize: 64 },
    'ValidationException',
    "1 validation error detected: Value '64' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128",
  ],
  [
    { MemorySize: 10_241 },
    'ValidationException',
    "'MemorySize' value failed to satisfy constraint: Member must have value less than or equal to 10240",
  ],
  [
    { Timeout: 0 },
    'ValidationException',
    "1 validation error detected: Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1",
  ],
  [
    { Timeout: 901 },
    'ValidationException',
    "1 validation error detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900",
  ],
  [
    { Runtime: undefined },
    'InvalidParameterValueException',
    'Runtime and Handler are mandatory parameters for functions created with deployment packages.',
  ],
  [{ Code: {} }, 'InvalidParameterValueException', 'Please provide a source for function code.'],
  [
    { FunctionName: 'a'.repeat(65) },
    'InvalidParameterValueException',
    `1 validation error detected: Value '${'a'.repeat(65)}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
  ],
  [
    { FunctionName: 'invalid:function:name' },
    'ValidationException',
    "1 validation error detected: Value 'invalid:function:name' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?",
  ],
  [
    { FunctionName: 'arn:aws:lambda:eu-west-1:000000000000:function:echoTest' },
    'ResourceNotFoundException',
    "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')",
  ],
  [
    { Architectures: ['x86_64', 'arm64'] },
    'ValidationException',
    "1 validation error detected: Value '[x86_64, arm64]' at 'architectures' failed to satisfy constraint: Member must have length less than or equal to 1",
  ],
  [
    { Environment: { Variables: { A: 'single letter' } } },
    'ValidationException',
    "1 validation error detected: Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]",
  ],
  [
    { Environment: { Variables: { AWS_REGION: 'eu-west-1' } } },
    'InvalidParameterValueException',
    'Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: AWS_REGION',
  ],
  [
    { Tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`tag${i}`, 'x'])) },
    'InvalidParameterValueException',
    'Number of tags exceeds resource tag limit.',
  ],
] satisfies [Partial<CreateFunctionInput>, string, string][];
