/**
 * What a terminal shows after `output`: a tiny VT100 model, enough for
 * readline and the CLI (text, CR, LF, backspace, cursor moves, erase line,
 * erase down). Rows grow without scrolling, so the whole session stays
 * visible. Unknown escape sequences are skipped.
 */
const ESC = '\x1b';
const CSI = new RegExp(`^${ESC}\\[([?0-9;]*)([A-Za-z])`);

export function screen(output: string, columns = 1000): string[] {
  const rows: string[][] = [[]];
  let row = 0;
  let col = 0;
  const line = (): string[] => (rows[row] ??= []);
  for (let i = 0; i < output.length; i += 1) {
    const char = output[i] as string;
    if (char === ESC) {
      const csi = CSI.exec(output.slice(i, i + 16));
      if (!csi) {
        i += 1; // a two-character escape (ESC =, ESC >, ...)
        continue;
      }
      i += csi[0].length - 1;
      const [, params = '', command] = csi;
      if (params.startsWith('?')) continue;
      const n = params === '' ? 1 : Number(params.split(';')[0]);
      const arg = params === '' ? 0 : Number(params.split(';')[0]);
      switch (command) {
        case 'A':
          row = Math.max(0, row - n);
          break;
        case 'B':
          row += n;
          break;
        case 'C':
          col += n;
          break;
        case 'D':
          col = Math.max(0, col - n);
          break;
        case 'G':
          col = n - 1;
          break;
        case 'K':
          if (arg === 0) line().splice(col);
          else if (arg === 1) line().fill(' ', 0, col + 1);
          else rows[row] = [];
          break;
        case 'J':
          if (arg === 0) {
            line().splice(col);
            rows.splice(row + 1);
          }
          break;
      }
      continue;
    }
    if (char === '\r') col = 0;
    else if (char === '\n') row += 1;
    else if (char === '\b') col = Math.max(0, col - 1);
    else if (char >= ' ') {
      if (col >= columns) {
        row += 1;
        col = 0;
      }
      const cells = line();
      while (cells.length < col) cells.push(' ');
      cells[col] = char;
      col += 1;
    }
  }
  const text = [];
  for (let r = 0; r < Math.max(rows.length, row + 1); r += 1)
    text.push((rows[r] ?? []).join('').trimEnd());
  return text;
}
