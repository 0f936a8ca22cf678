// Renders LaTeX files with KaTeX, as a reader pasting them would: node render.js KATEX_JS FILE...
// A file may hold % comment lines, blank lines and \begin{align*} ... \end{align*} environments
// (gradus grad --format latex), or one formula per line (--lines). Each environment or formula
// must render with throwOnError; any text outside them is an error. Prints "ok N" per file.
const fs = require('fs');
const katex = require(process.argv[2]);
let lines = false;
let failed = 0;
for (const file of process.argv.slice(3)) {
  if (file === '--lines') { lines = true; continue; }
  const text = fs.readFileSync(file, 'utf8');
  const pieces = [];
  if (lines) {
    text.split('\n').filter(l => l.trim() !== '').forEach(l => pieces.push(l));
  } else {
    let rest = text.replace(/\\begin\{align\*\}[\s\S]*?\\end\{align\*\}/g, env => { pieces.push(env); return ''; });
    for (const l of rest.split('\n')) {
      if (l.trim() !== '' && !l.trim().startsWith('%')) {
        console.log(file + ': text outside a math environment: ' + l);
        failed++;
      }
    }
    if (pieces.length === 0) { console.log(file + ': no align* environment'); failed++; }
  }
  for (const p of pieces) {
    try {
      const html = katex.renderToString(p, { displayMode: true, throwOnError: true, strict: 'error' });
      if (!html.includes('class="katex')) { throw new Error('no KaTeX markup'); }
    } catch (e) {
      console.log(file + ': ' + e.message);
      failed++;
    }
  }
  console.log((failed ? 'FAILED ' : 'ok ') + pieces.length + ' ' + file);
}
process.exit(failed ? 1 : 0);
