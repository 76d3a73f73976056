/* Crowdsurf event-list widget. <script src="https://HOST/widget/embed.js" data-artist="ID" async></script>
   Optional: data-site (tracking site, default: the artist's), data-target (CSS selector to render into),
   data-tickets / data-sold-out / data-cancelled (labels), data-lang (date format). No framework, no cookies.
   Style it from the host page: every rule below is inside :where(), so any selector of yours wins. */
(function (d) {
  var s = d.currentScript;
  var artist = s && s.getAttribute('data-artist');
  if (!artist) return;
  var a = function (n, v) { return s.getAttribute('data-' + n) || v; };
  var base = new URL(s.src, location.href).origin;
  var enc = encodeURIComponent;
  var el = function (tag, cls, text) {
    var e = d.createElement(tag);
    e.className = cls;
    if (text) e.textContent = text;
    return e;
  };
  var box = el('div', 'cs-events');
  var t = a('target') && d.querySelector(a('target'));
  if (t) t.appendChild(box); else s.parentNode.insertBefore(box, s.nextSibling);
  if (!d.getElementById('cs-events-css')) {
    var css = el('style', '');
    css.id = 'cs-events-css';
    css.textContent = ':where(.cs-events__list){list-style:none;margin:0;padding:0;font:inherit}'
      + ':where(.cs-event){display:flex;flex-wrap:wrap;gap:.5em 1em;align-items:baseline;padding:.5em 0;'
      + 'border-bottom:1px solid #8884}:where(.cs-event__date){font-weight:bold;min-width:7em}'
      + ':where(.cs-event__venue){opacity:.8;flex:1}:where(.cs-event__status){font-style:italic}'
      + ':where(.cs-event--cancelled .cs-event__date){text-decoration:line-through}';
    d.head.appendChild(css);
  }
  var vid;
  try {
    vid = localStorage.getItem('cs_vid');
    if (!/^[0-9a-f]{16}$/.test(vid || '')) localStorage.setItem('cs_vid', vid = rnd());
  } catch (e) { vid = rnd(); }
  function rnd() {
    var b = new Uint8Array(8), h = '';
    crypto.getRandomValues(b);
    for (var i = 0; i < 8; i++) h += (b[i] + 256).toString(16).slice(1);
    return h;
  }
  function send(site, p) {
    var q = base + '/matomo.php?rec=1&send_image=0&idsite=' + enc(site) + '&_id=' + vid + '&url=' + enc(location.href)
      + '&urlref=' + enc(d.referrer) + '&r=' + rnd();
    for (var k in p) q += '&' + k + '=' + enc(p[k]);
    // keepalive: a click's hit survives the navigation it starts.
    try { fetch(q, { mode: 'no-cors', keepalive: true, credentials: 'omit' }); } catch (e) { new Image().src = q; }
  }
  fetch(base + '/widget/artists/' + enc(artist) + '/events').then(function (r) {
    if (!r.ok) throw r.status;
    return r.json();
  }).then(function (data) {
    var site = a('site', data.site), ul = el('ul', 'cs-events__list');
    var fmt = new Intl.DateTimeFormat(a('lang', d.documentElement.lang || undefined),
      { dateStyle: 'medium', timeZone: 'UTC' });
    data.events.forEach(function (e) {
      var li = el('li', 'cs-event cs-event--' + e.status);
      li.setAttribute('data-event', e.id);
      var when = el('time', 'cs-event__date', fmt.format(new Date(e.date + 'T00:00:00Z')) + (e.time ? ' ' + e.time : ''));
      when.dateTime = e.date;
      li.appendChild(when);
      li.appendChild(el('span', 'cs-event__city', e.city));
      li.appendChild(el('span', 'cs-event__venue', e.venue));
      if (e.status === 'on-sale') {
        var link = el('a', 'cs-event__tickets', a('tickets', 'Tickets'));
        link.href = e.ticketUrl;
        link.rel = 'noopener';
        link.addEventListener('click', function () {
          send(site, { c_n: artist, c_p: e.id, c_t: e.ticketUrl, c_i: 'click' });
        });
        li.appendChild(link);
      } else {
        li.appendChild(el('span', 'cs-event__status',
          e.status === 'sold-out' ? a('sold-out', 'Sold out') : a('cancelled', 'Cancelled')));
      }
      ul.appendChild(li);
      send(site, { c_n: artist, c_p: e.id, c_t: e.ticketUrl });
    });
    box.appendChild(ul);
    box.setAttribute('data-state', 'ready');
  }).catch(function () { box.setAttribute('data-state', 'error'); });
})(document);
