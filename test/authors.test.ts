import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authorSurnames } from '../src/corpus/authors.ts';

const lines = (...texts: string[]) => texts.map((text) => ({ text }));

describe('authorSurnames', () => {
  it('reads the authors a heading opens with, before the year', () => {
    assert.deepEqual(authorSurnames('Gerstgrasser et al. 2024 — Is Model Collapse Inevitable?', []), ['gerstgrasser']);
    assert.deepEqual(authorSurnames('Hodel & West 2026 — Epistemic diversity across language models', []), ['hodel', 'west']);
    assert.deepEqual(authorSurnames('Vu, Reeves & Wenger 2025 — What happens when models train recursively?', []), ['vu', 'reeves', 'wenger']);
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
  });

  it('finds none in a heading that names a paper only, or a title with a year in it', () => {
    assert.deepEqual(authorSurnames('DPO and PPO compared', lines('DPO replaces the reward model.')), []);
    assert.deepEqual(authorSurnames('Ten Noteworthy AI Research Papers of 2023', []), []);
  });
});
