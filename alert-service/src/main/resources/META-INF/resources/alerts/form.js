// The alert form and list. The link's token (?t=) is the bearer for the alert API; it names this chat only.
(function () {
  'use strict';
  var token = new URLSearchParams(location.search).get('t') || '';
  var form = document.getElementById('alert-form');
  var list = document.getElementById('alerts');
  var status = document.getElementById('status');
  document.getElementById('new-link').href = '/alerts/new?t=' + encodeURIComponent(token);
  if (document.body.dataset.view === 'list') {
    document.getElementById('title').textContent = 'Your photo alerts';
  }

  function checked(name) {
    return Array.prototype.map.call(form.querySelectorAll('input[name="' + name + '"]:checked'),
      function (i) { return i.value; });
  }
  function number(id) {
    var v = document.getElementById(id).value.trim().replace(',', '.');
    if (v === '') { return null; }
    var n = Number(v);
    return isNaN(n) ? v : n;  // the service names the field when it is not a number
  }
  function clearErrors() {
    Array.prototype.forEach.call(document.querySelectorAll('.error'), function (e) { e.textContent = ''; });
  }
  function showError(field, detail) {
    var target = document.querySelector('.error[data-field="' + (field || '') + '"]')
      || document.querySelector('.error[data-field=""]');
    target.textContent = detail;
  }
  function body() {
    var min = number('mm-min'), max = number('mm-max');
    return {
      nickname: document.getElementById('nickname').value,
      location: {
        latitude: number('latitude'),
        longitude: number('longitude'),
        name: document.getElementById('place').value || null
      },
      conditions: {
        light: checked('light'), twilight: checked('twilight'), days: checked('days'),
        precipitation: checked('precipitation'),
        precipitationMm: (min === null && max === null) ? null : { min: min, max: max }
      }
    };
  }
  function describe(a) {
    var c = a.conditions, parts = [].concat(c.light, c.twilight, c.days, c.precipitation);
    if (c.precipitationMm) { parts.push((c.precipitationMm.min || 0) + '–' + (c.precipitationMm.max || '∞') + ' mm/h'); }
    var where = a.location.name || (a.location.latitude + ', ' + a.location.longitude);
    return a.nickname + ' — ' + where + (parts.length ? ' — ' + parts.join(', ') : '');
  }
  function load() {
    fetch('/api/v1/alerts', { headers: { Authorization: 'Bearer ' + token } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (alerts) {
        list.textContent = '';
        alerts.forEach(function (a) {
          var li = document.createElement('li');
          li.className = 'alert-item';
          li.dataset.id = a.id;
          li.textContent = describe(a) + ' ';
          var del = document.createElement('button');
          del.type = 'button';
          del.textContent = 'Delete';
          del.addEventListener('click', function () {
            fetch('/api/v1/alerts/' + encodeURIComponent(a.id),
              { method: 'DELETE', headers: { Authorization: 'Bearer ' + token } }).then(load);
          });
          li.appendChild(del);
          list.appendChild(li);
        });
        status.textContent = alerts.length ? '' : 'No alerts yet.';
      })
      .catch(function (s) { status.textContent = 'Could not load your alerts (' + s + '). Send /alerts for a new link.'; });
  }
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    clearErrors();
    fetch('/api/v1/alerts', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token },
      body: JSON.stringify(body())
    }).then(function (r) {
      if (r.status === 201) {
        status.textContent = 'Alert created.';
        form.reset();
        load();
        return null;
      }
      return r.json().then(function (p) { showError(p.field, p.detail || ('HTTP ' + r.status)); },
        function () { showError('', 'HTTP ' + r.status); });
    });
  });
  document.getElementById('clear-button').addEventListener('click', function () { form.reset(); clearErrors(); });
  load();
}());
