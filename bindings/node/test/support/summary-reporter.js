'use strict';

// A node --test reporter for test.sh: one dot per passing test, each failure in full, then a
// summary line.

module.exports = async function* summary(source) {
  const counts = { pass: 0, fail: 0, skip: 0 };
  const failures = [];
  for await (const event of source) {
    if (event.type === 'test:pass' && event.data.details?.type !== 'suite') {
      counts[event.data.skip || event.data.todo ? 'skip' : 'pass']++;
      yield '.';
    } else if (event.type === 'test:fail' && event.data.details?.type !== 'suite') {
      counts.fail++;
      const error = event.data.details?.error;
      failures.push(
        `FAIL ${event.data.file ?? ''} > ${event.data.name}\n${error?.cause?.stack ?? error?.stack ?? error}`,
      );
      yield 'F';
    } else if (event.type === 'test:stderr' || event.type === 'test:stdout') {
      yield `\n${event.data.message.trimEnd()}\n`;
    }
  }
  yield '\n';
  for (const f of failures) yield `\n${f}\n`;
  yield `\n${counts.pass} passed, ${counts.fail} failed, ${counts.skip} skipped\n`;
};
