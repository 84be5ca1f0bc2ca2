/**
 * The errors a learner actually meets, each said plainly with what to do
 * (docs/troubleshooting.md lists the same).
 */
export function explain(error: unknown, env: NodeJS.ProcessEnv = process.env): string {
  if (!(error instanceof Error)) return `Failed: ${String(error)}`;
  const name = error.name;
  if (name === 'UsageError') return `Usage: ${error.message}`;
  if (name === 'WorkshopError') return error.message;
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(error.message)) {
    // The SDK's message does not name the profile it looked for.
    if (env.AWS_PROFILE) {
      return `No AWS credentials were found for the profile ${env.AWS_PROFILE} (AWS_PROFILE=${env.AWS_PROFILE}). Is it in ~/.aws/config or ~/.aws/credentials? With IAM Identity Center, run aws sso login --profile ${env.AWS_PROFILE} first.`;
    }
    return 'No AWS credentials were found. Configure them (aws configure, AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) and run the step again.';
  }
  const { code, hostname } = error as NodeJS.ErrnoException & { hostname?: string };
  if ((code === 'ENOTFOUND' || code === 'EAI_AGAIN') && hostname?.endsWith('.amazonaws.com')) {
    return `Cannot reach AWS: the name ${hostname} does not resolve (${code}). Check the network connection (and a proxy, if you need one), and that the region exists.`;
  }
  if (/AccessDenied|UnauthorizedOperation|NotAuthorized|AuthorizationError/.test(name)) {
    return `AWS refused the request (${name}): ${error.message}\nYour credentials need the permissions listed in docs/running-on-aws.md.`;
  }
  if (/Throttl|TooManyRequests|RequestLimitExceeded/.test(name)) {
    return `AWS is throttling requests (${name}): wait a few seconds and run the step again.`;
  }
  if ((error as NodeJS.ErrnoException).code === 'ECONNREFUSED') {
    return `Nothing answers at the endpoint any more (${error.message}). Was the local cloud stopped?`;
  }
  return `${name}: ${error.message}`;
}
