import { expect, test } from 'vitest';
import { assetPathsOfHtml, assetPathsOfScript } from './page-assets';

test('finds the scripts, stylesheets and preloads a built index.html links, same origin only', () => {
  const html = `<!doctype html><html><head>
    <link rel="icon" href="data:," />
    <script type="module" crossorigin src="/assets/index-CE2RFQ9U.js"></script>
    <link rel="modulepreload" crossorigin href="/assets/vendor-1.js">
    <link rel="stylesheet" crossorigin href='/assets/index-BTCo3mWJ.css'>
    <link rel="stylesheet" href="https://cdn.example.com/x.css">
    <script src="/assets/index-CE2RFQ9U.js"></script>
  </head><body><script>let inline = 1;</script></body></html>`;
  expect(assetPathsOfHtml(html)).toEqual([
    '/assets/index-CE2RFQ9U.js',
    '/assets/vendor-1.js',
    '/assets/index-BTCo3mWJ.css',
  ]);
});

test("finds a script's chunk imports, relative to the script, in any quotes", () => {
  const js =
    'const a=import(`./arena-game-itDHBTGW.js`);import"./dep-x.js";const m=["/assets/other.css"];' +
    'const u="../up.js";fetch("/api/rooms");import("./index-self.js")';
  expect(assetPathsOfScript(js, '/assets/index-self.js')).toEqual([
    '/assets/arena-game-itDHBTGW.js',
    '/assets/dep-x.js',
    '/assets/other.css',
    '/up.js',
  ]);
  expect(assetPathsOfScript('no imports here', '/assets/a.js')).toEqual([]);
});
