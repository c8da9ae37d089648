import { describe, expect, it } from 'vitest';
import { codeLinksIn } from './code-links.ts';

describe('codeLinksIn', () => {
  it.each([
    // Comments as arXiv has them (from the 2025–2026 listings), and what is read from each.
    ['Code: https://github.com/www-Ye/TimeZero', 'https://github.com/www-Ye/TimeZero', null],
    [
      'Dataset and code are available at https://github.com/google-research-datasets/egotempo.git',
      'https://github.com/google-research-datasets/egotempo',
      null,
    ],
    ['ICLR 2025, Code and dataset are available at \\url{https://github.com/jdg900/MMR}', 'https://github.com/jdg900/MMR', null],
    [
      'The code is publicly available at this https URL (https://github.com/Runsong123/Unified-Lift).',
      'https://github.com/Runsong123/Unified-Lift',
      null,
    ],
    ['Code and model are available at http://github.com/hustvl/MaTVLM', 'https://github.com/hustvl/MaTVLM', null],
    ['See https://github.com/owner/repo/tree/main/src for the code.', 'https://github.com/owner/repo', null],
    ['Our code: https://gitlab.com/group/project', 'https://gitlab.com/group/project', null],
    ['Project page: https://byeongjun-park.github.io/SteerX/', null, 'https://byeongjun-park.github.io/SteerX/'],
    [
      'Accepted by CVPR 2025. Project Page: https://moqiyinlun.github.io/Reperformer/',
      null,
      'https://moqiyinlun.github.io/Reperformer/',
    ],
    ['Project page is available at https://qjizhi.github.io/genstereo', null, 'https://qjizhi.github.io/genstereo'],
    ['Project website: https://www.projectaria.com/scenescript/', null, 'https://www.projectaria.com/scenescript/'],
    [
      'Presented at VISAPP2025. Project page: http://www.ok.sc.e.titech.ac.jp/res/NVS/index.html',
      null,
      'http://www.ok.sc.e.titech.ac.jp/res/NVS/index.html',
    ],
    [
      'Project page at https://jmhb0.github.io/microvqa Benchmark at https://huggingface.co/datasets/jmhb/microvqa',
      'https://huggingface.co/datasets/jmhb/microvqa',
      'https://jmhb0.github.io/microvqa',
    ],
    ['Weights: https://huggingface.co/owner/model; code: https://github.com/owner/code', 'https://github.com/owner/code', null],
    ['To appear in the Proceedings, 2025 (3): https://petsymposium.org/popets/2025/', null, null],
    ['Discussed at https://huggingface.co/papers/2401.00001 and https://github.com/owner', null, null],
    ['12 pages, 4 figures', null, null],
  ])('%s', (comment, githubRepo, projectPage) => {
    expect(codeLinksIn(comment, null)).toEqual({ githubRepo, projectPage });
  });

  it('reads the comment before the abstract', () => {
    expect(codeLinksIn('Code: https://github.com/a/first', 'Code is at https://github.com/b/second.')).toEqual({
      githubRepo: 'https://github.com/a/first',
      projectPage: null,
    });
    expect(codeLinksIn(null, 'Code is at https://github.com/b/second.').githubRepo).toBe('https://github.com/b/second');
  });
});
