import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authorship } from '../src/corpus/authors.ts';

const lines = (...texts: string[]) => texts.map((text) => ({ text }));
const authorSurnames = (heading: string, section: { text: string }[]) => authorship(heading, section).surnames;

describe('authorship', () => {
  it('reads the authors a heading opens with, before the year', () => {
    assert.deepEqual(authorSurnames('Gerstgrasser et al. 2024 — Is Model Collapse Inevitable?', []), ['gerstgrasser']);
    assert.deepEqual(authorSurnames('Hodel & West 2026 — Epistemic diversity across language models', []), ['hodel', 'west']);
    assert.deepEqual(authorSurnames('Vu, Reeves & Wenger 2025 — What happens when models train recursively?', []), ['vu', 'reeves', 'wenger']);
  });

  it('reads the year and authors a heading opens with in brackets ("[2019 | Liang, Rakhlin] Just Interpolate")', () => {
    assert.deepEqual(authorship('[2019 | Liang, Rakhlin] Just Interpolate: Kernel Ridgeless Regression Can Generalize', []), {
      surnames: ['liang', 'rakhlin'],
      year: 2019,
    });
  });

  it('reads the authors a heading closes with, in brackets with the year', () => {
    assert.deepEqual(authorSurnames('Faster R-CNN (Ren et al. 2017)', []), ['ren']);
    assert.deepEqual(authorSurnames('YOLOv2: Better, Faster, Stronger (Redmon and Farhadi 2016)', []), ['redmon', 'farhadi']);
  });

  it("reads a byline near the start of the section, each name's last word, affiliations left out", () => {
    const byline = lines('Authors: Guoxuan Xia, Christos-Savvas Bouganis (Imperial College London)', 'Year: 2022');
    assert.deepEqual(authorSurnames('On the Usefulness of Deep Ensemble Diversity', byline), ['xia', 'bouganis']);
    assert.deepEqual(authorSurnames('Deep Ensembles', lines('作者：Stanislav Fort、Huiyi Hu')), ['fort', 'hu']);
    assert.deepEqual(authorSurnames('Approximation Ratios of GNNs', lines('by Ryoma Sato, Makoto Yamada, Hisashi Kashima arXiv:1905.10261')), [
      'sato',
      'yamada',
      'kashima',
    ]);
    assert.deepEqual(authorSurnames('Graph kernels', lines('by Nils M. Kriege, Anja Rey / Proceedings of IJCAI. Pages 2348-2354.')), [
      'kriege',
      'rey',
    ]);
    assert.deepEqual(authorSurnames('COMET', lines('By training the encoder with four levels, the authors aim to learn.')), []);
    assert.deepEqual(authorSurnames('Collective behavior of cognitive agents', lines('Authors: Mirta Zomer, Manlio De Domenico')), [
      'zomer',
      'de',
      'domenico',
    ]);
  });

  it('reads a line near the start citing the authors with the year, maybe a venue between, and keeps the year', () => {
    assert.deepEqual(authorship('A deep look into Neural Ranking models for IR', lines('Guo et al, 2019', 'Gist')), {
      surnames: ['guo'],
      year: 2019,
    });
    assert.deepEqual(authorship('Efficiently Teaching an Effective Dense Retriever', lines('Hofstätter et al., SIGIR 2021')), {
      surnames: ['hofstätter'],
      year: 2021,
    });
    assert.deepEqual(authorship('Hodel & West 2026 — Epistemic diversity', []), { surnames: ['hodel', 'west'], year: 2026 });
  });

  it('reads a reference as a reference list writes it, surnames with initials then the year ("Hinton, G. E., & Van Camp, D. (1993)")', () => {
    assert.deepEqual(authorship('01. A Practical Bayesian Framework for Backpropagation Networks', lines('MacKay, D. J. (1992)', 'Notes.')), {
      surnames: ['mackay'],
      year: 1992,
    });
    assert.deepEqual(authorship('Keeping Neural Networks Simple', lines('Hinton, G. E., & Van Camp, D. (1993)')), {
      surnames: ['hinton', 'van camp', 'van', 'camp'],
      year: 1993,
    });
    assert.deepEqual(authorSurnames('Probabilistic Backpropagation', lines('Hernández-Lobato, J. M., & Adams, R. (2015, June)')), [
      'hernández-lobato',
      'adams',
    ]);
  });

  it('finds none in a heading that names a paper only, or a title with a year in it', () => {
    assert.deepEqual(authorSurnames('DPO and PPO compared', lines('DPO replaces the reward model.')), []);
    assert.deepEqual(authorSurnames('Ten Noteworthy AI Research Papers of 2023', []), []);
  });
});
