import { ProgressLine, renderProgress } from '../../../cli/src/progress-bar';

describe('progress bar (mca campaign watch)', () => {
  test('draws the share done, the percentage and the counts', () => {
    expect(renderProgress({ done: 0, total: 4, width: 8 })).toBe('[--------]   0% 0/4');
    expect(renderProgress({ done: 1, total: 4, width: 8, label: 'sent' })).toBe('[##------]  25% 1/4 sent');
    expect(renderProgress({ done: 1999, total: 2000, width: 10 })).toBe('[#########-]  99% 1999/2000');
    expect(renderProgress({ done: 2000, total: 2000, width: 10 })).toBe('[##########] 100% 2000/2000');
  });

  test('nothing to do is complete; counts outside 0..total are clamped', () => {
    expect(renderProgress({ done: 0, total: 0, width: 4 })).toBe('[####] 100% 0/0');
    expect(renderProgress({ done: 7, total: 5, width: 5 })).toBe('[#####] 100% 5/5');
    expect(renderProgress({ done: -3, total: 5, width: 5 })).toBe('[-----]   0% 0/5');
  });

  test('a terminal gets one line redrawn in place, a pipe one line per change', () => {
    const tty = {
      text: '',
      isTTY: true,
      write(t: string) {
        this.text += t;
      },
    };
    const tline = new ProgressLine(tty);
    tline.update({ done: 1, total: 2, width: 2 });
    tline.update({ done: 1, total: 2, width: 2 });
    tline.update({ done: 2, total: 2, width: 2 });
    tline.finish();
    expect(tty.text).toBe('\r\x1b[2K[#-]  50% 1/2\r\x1b[2K[##] 100% 2/2\n');

    const pipe = {
      text: '',
      write(t: string) {
        this.text += t;
      },
    };
    const pline = new ProgressLine(pipe);
    pline.update({ done: 1, total: 2, width: 2 });
    pline.update({ done: 1, total: 2, width: 2 });
    pline.update({ done: 2, total: 2, width: 2 });
    pline.finish();
    expect(pipe.text).toBe('[#-]  50% 1/2\n[##] 100% 2/2\n');
  });
});
