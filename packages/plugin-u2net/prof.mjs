import { selectBackend, tf } from '@faceforge/core';
import { U2NetP } from './dist/u2netp.js';
await selectBackend({ requested: process.argv[2], log: () => {} });
const size = Number(process.argv[3]);
const net = new U2NetP(1);
const x = U2NetP.normaliseInput(tf.randomUniform([2, size, size, 3]));
tf.tidy(() => net.forward(x, { training: false, observed: [] }));
const prof = await tf.profile(() => tf.tidy(() => net.forward(x, { training: false, observed: [] })[0]));
const by = new Map();
for (const k of prof.kernels) { const e = by.get(k.name) ?? { n: 0, ms: 0 }; e.n++; e.ms += k.kernelTimeMs; by.set(k.name, e); }
console.log(process.argv[2], [...by].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8).map(([n, e]) => `${n} x${e.n} ${e.ms.toFixed(0)}ms`).join(' | '));
