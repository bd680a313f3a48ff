// Reads `go test -json` output, echoes the test log for humans and prints
// `GO_COUNTS <passed> <failed>` over top-level tests. A package that fails
// without a failing test (build error, panic in TestMain) counts as one.
const lines = require('fs')
  .readFileSync(process.argv[2], 'utf8')
  .split('\n')
  .filter(Boolean);

let passed = 0;
let failed = 0;
let packageFailed = false;
for (const line of lines) {
  let event;
  try {
    event = JSON.parse(line);
  } catch {
    process.stdout.write(`${line}\n`); // compiler output is not JSON
    continue;
  }
  if (event.Action === 'output') {
    process.stdout.write(event.Output);
  }
  const topLevel = event.Test && !event.Test.includes('/');
  if (topLevel && event.Action === 'pass') passed++;
  if (topLevel && event.Action === 'fail') failed++;
  if (!event.Test && event.Action === 'fail') packageFailed = true;
}
if (packageFailed && failed === 0) failed = 1;
console.log(`GO_COUNTS ${passed} ${failed}`);
