/**
 * The coverage gaps as a bar chart (PNG): one bar per topic, numbered as the text lists them, split into refused and
 * answered-but-voted-👎. Drawn by Chart.js on @napi-rs/canvas (Skia, prebuilt binaries from the npm registry).
 * The chart carries digits only (topic numbers and counts): the questions, and what the two colours mean, are in the
 * message beside it, in the reader's language, so no font beyond the system's Latin one is needed.
 */
import { createCanvas } from '@napi-rs/canvas';
import { BarController, BarElement, CategoryScale, Chart, LinearScale, type Plugin } from 'chart.js';
import { type GapTopic, SHOWN_TOPICS } from './gaps.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale);

export const REFUSED_COLOUR = '#d9534f';
export const DOWN_VOTED_COLOUR = '#4a7fd6';
const WIDTH = 640;
const BAR_HEIGHT = 36;
const MARGIN = 48;

/** Discord shows an image on the reader's theme background: a transparent chart's text would vanish on dark themes. */
const whiteBackground: Plugin<'bar'> = {
  id: 'white-background',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/** The first SHOWN_TOPICS topics as a PNG; topic i is labelled #i+1. */
export function gapsChartPng(topics: readonly GapTopic[]): Buffer {
  const shown = topics.slice(0, SHOWN_TOPICS);
  const canvas = createCanvas(WIDTH, MARGIN + BAR_HEIGHT * Math.max(1, shown.length));
  const chart = new Chart(canvas.getContext('2d') as unknown as CanvasRenderingContext2D, {
    type: 'bar',
    data: {
      labels: shown.map((_, i) => `#${i + 1}`),
      datasets: [
        { data: shown.map((topic) => topic.refused), backgroundColor: REFUSED_COLOUR },
        { data: shown.map((topic) => topic.downVoted), backgroundColor: DOWN_VOTED_COLOUR },
      ],
    },
    options: {
      indexAxis: 'y',
      animation: false,
      responsive: false,
      devicePixelRatio: 1,
      plugins: { legend: { display: false } },
      scales: {
        x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
        y: { stacked: true },
      },
    },
    plugins: [whiteBackground],
  });
  try {
    return canvas.toBuffer('image/png');
  } finally {
    chart.destroy();
  }
}
