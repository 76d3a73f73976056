// An independent Matomo tracking client against Crowdsurf's metrics-service: the matomo-tracker package from npm
// (matomo-org's Node.js wrapper of the Matomo Tracking HTTP API), unchanged, pointed at ${METRICS_URL}/matomo.php.
// It registers nothing: give it the idsite of a site registered through metrics-service's sites API.
//
//   npm install && METRICS_URL=http://localhost:8084 node track.js <idsite>
//
// Three visitors, each: two page views, a download and an event, sent one after the other (single GET requests
// through tracker.track), then a bulk request (tracker.trackBulk) with one more event per visitor. Expected in
// VisitsSummary.get for today: 3 visits, 15 actions.
'use strict';

const MatomoTracker = require('matomo-tracker');

const base = (process.env.METRICS_URL || 'http://localhost:8084').replace(/\/+$/, '');
const idsite = process.argv[2] || process.env.IDSITE;
if (!idsite) {
  console.error('usage: node track.js <idsite>   (METRICS_URL defaults to http://localhost:8084)');
  process.exit(2);
}

const tracker = new MatomoTracker(idsite, base + '/matomo.php');
let failures = 0;
tracker.on('error', (err) => {
  failures++;
  console.error('tracking request failed:', err);
});

// tracker.track() fires and forgets; to send hits in order and know they were answered, wrap the HTTP agent it
// uses (its own code stays untouched) so each GET resolves a promise with its status code.
const agent = tracker.agent;
let answered = null;
tracker.agent = {
  get(requestUrl, callback) {
    const req = agent.get(requestUrl, (res) => {
      res.resume();
      res.on('end', () => answered(res.statusCode));
      callback(res);
    });
    req.on('error', (e) => answered('error ' + e.message));
    return req;
  },
  request: (...args) => agent.request(...args),
};
function track(options) {
  return new Promise((resolve) => {
    answered = resolve;
    tracker.track(options);
  });
}

const site = 'https://dj.example';
const visitors = [
  { id: '1a2b3c4d5e6f7081', ua: 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
    ref: 'https://www.google.com/search?q=dj+tour', res: '1920x1080' },
  { id: '1a2b3c4d5e6f7082', ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
    ref: '', res: '390x844' },
  { id: '1a2b3c4d5e6f7083', ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
    ref: 'https://news.example.net/post/1', res: '1366x768' },
];

function rand() {
  return String(Math.floor(Math.random() * 1e9));
}

async function main() {
  for (const v of visitors) {
    const common = { _id: v.id, ua: v.ua, res: v.res, lang: 'en-US', apiv: 1, send_image: 0 };
    const steps = [
      { url: site + '/', action_name: 'Home', urlref: v.ref, _idvc: 1 },
      { url: site + '/blog/summer-tour', action_name: 'Blog / Summer tour', urlref: site + '/' },
      { url: site + '/blog/summer-tour', download: site + '/files/summer-mix.mp3' },
      { url: site + '/blog/summer-tour', e_c: 'Video', e_a: 'Play', e_n: 'Teaser', e_v: 30 },
    ];
    for (const step of steps) {
      const options = Object.assign({}, common, step, { rand: rand() });
      if (!options.urlref) {
        delete options.urlref;
      }
      const status = await track(options);
      console.log(`visitor ${v.id}: ${describe(step)} -> ${status}`);
      if (status !== 200 && status !== 204) {
        failures++;
      }
    }
  }
  // The same client's bulk request: one more event per visitor, answered with Matomo's bulk status.
  const bulk = visitors.map((v) => ({ _id: v.id, ua: v.ua, url: site + '/shop/tickets', e_c: 'Tickets',
    e_a: 'Open', e_n: 'Amsterdam', rand: rand() }));
  const answer = await new Promise((resolve) => tracker.trackBulk(bulk, resolve));
  console.log('bulk of ' + bulk.length + ' events -> ' + answer);
  try {
    if (JSON.parse(answer).tracked !== bulk.length) {
      failures++;
    }
  } catch (e) {
    failures++;
  }
  console.log(failures === 0
    ? `sent 3 visitors, 15 actions to ${base}/matomo.php for idsite ${idsite}; expected in VisitsSummary.get today: nb_visits 3, nb_actions 15`
    : `${failures} request(s) failed`);
  process.exitCode = failures === 0 ? 0 : 1;
}

function describe(step) {
  if (step.download) return 'download ' + step.download;
  if (step.e_c) return `event ${step.e_c}/${step.e_a}/${step.e_n}`;
  return 'page view ' + step.url;
}

main();
