// The page script of report.html. It reads the data iotscope embedded in #iotscope-data and
// draws every section with ECharts (embedded before this script). Text from the data is only
// ever set with textContent or given to ECharts as text: never parsed as HTML.
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('iotscope-data').textContent);
  const charts = {};
  const state = { drill: null };
  const timings = { parsed: performance.now() };
  const mark = (name) => { timings[name] = Math.round(performance.now()); };
  window.iotscope = { data: data, charts: charts, state: state, timings: timings };

  // ---- small helpers -------------------------------------------------------------------------
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === 'text') node.textContent = value;
      else if (key === 'className') node.className = value;
      else node.setAttribute(key, value);
    }
    for (const child of children || []) {
      if (child !== null && child !== undefined) {
        node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
      }
    }
    return node;
  }
  const fmtInt = (n) => Number(n).toLocaleString('en-US');
  function fmtBytes(n) {
    const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
    let v = Number(n);
    let u = 0;
    while (v >= 1000 && u < units.length - 1) { v /= 1000; u++; }
    return (u === 0 ? v.toFixed(0) : v.toFixed(1)) + ' ' + units[u];
  }
  const fmtPct = (f) => (100 * f).toFixed(1) + '%';
  function fmtTime(t) {
    if (t === null || t === undefined) return 'n/a';
    return new Date(t * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  }
  const portName = (name) => name.slice(name.indexOf(':') + 1);
  // ECharts renders tooltip formatter output as HTML: labels must be escaped there.
  const esc = (text) => String(text).replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');

  const app = document.getElementById('app');
  const main = el('main');
  const nav = el('nav');
  const sections = [];

  function section(id, title, intro) {
    const s = el('section', { id: id, 'data-section': id }, [el('h2', { text: title })]);
    if (intro) s.appendChild(el('p', { className: 'intro', text: intro }));
    nav.appendChild(el('a', { href: '#' + id, text: title }));
    main.appendChild(s);
    sections.push(id);
    return s;
  }

  // A chart container and its caption. The box gets its final height at once, so the page does
  // not shift when the chart is drawn later. `option` may be a function: it is then evaluated
  // when the chart is drawn, so controls changed before that are honoured. `after(instance)`
  // runs once the instance exists.
  const pending = new Map();  // chart id -> draw(), in page order
  const chartMs = {};  // chart id -> milliseconds its first drawing took
  function chart(parent, id, caption, height, option, after) {
    const box = el('div', { id: id, className: 'chart', 'data-chart': id });
    if (height) box.style.height = height + 'px';
    parent.appendChild(box);
    parent.appendChild(el('p', { className: 'caption', text: caption }));
    pending.set(id, () => {
      const started = performance.now();
      const instance = echarts.init(box, null, { renderer: 'canvas' });
      instance.setOption(still(typeof option === 'function' ? option() : option));
      charts[id] = instance;
      box.setAttribute('data-rendered', 'true');
      if (after) after(instance);
      chartMs[id] = Math.round(performance.now() - started);
    });
  }
  // No animations: the page draws at once, and screenshots show final values.
  const still = (option) => Object.assign({ animation: false }, option);

  // Drawing every chart at once blocked the page for seconds on large runs. So the first screen
  // (and the first chart) is drawn before the page counts as ready; the others follow in idle
  // periods, those near the viewport first, so input and painting go on between them and every
  // chart is drawn even if the reader never scrolls.
  const nearViewport = new Set();
  let observer = null;
  let chartsDone = null;  // called once the last chart is drawn
  function drawChart(id) {
    const draw = pending.get(id);
    if (!draw) return;
    pending.delete(id);
    nearViewport.delete(id);
    if (observer) observer.unobserve(document.getElementById(id));
    draw();
    if (!pending.size && chartsDone) chartsDone();
  }
  function nextChart() {
    for (const id of pending.keys()) if (nearViewport.has(id)) return id;
    return pending.keys().next().value;
  }
  const idle = window.requestIdleCallback
    ? (task) => window.requestIdleCallback(task, { timeout: 100 })
    : (task) => setTimeout(task, 0);
  // With requestIdleCallback, small charts share an idle period while it lasts.
  function drawRemaining(deadline) {
    do drawChart(nextChart());
    while (pending.size && deadline && deadline.timeRemaining && deadline.timeRemaining() > 20);
    if (pending.size) idle(drawRemaining);
  }
  function drawFirstScreen() {
    const first = pending.keys().next().value;
    const visible = [...pending.keys()].filter((id) => {
      const r = document.getElementById(id).getBoundingClientRect();
      return r.bottom > 0 && r.top < window.innerHeight;
    });
    window.iotscope.firstScreenCharts = [...new Set([first, ...visible])].filter((id) => id);
    window.iotscope.firstScreenCharts.forEach(drawChart);
    if ('IntersectionObserver' in window) {
      observer = new IntersectionObserver((entries) => entries.forEach((e) => {
        if (e.isIntersecting) nearViewport.add(e.target.id);
      }), { rootMargin: '200% 0px' });
      for (const id of pending.keys()) observer.observe(document.getElementById(id));
    }
  }
  // Code that needs a chart's instance now (a click, a control) draws it out of turn.
  function ensureChart(id) { drawChart(id); return charts[id]; }

  function emptyGraphic(message) {
    return { type: 'text', left: 'center', top: 'middle', style: { text: message, fontSize: 14, fill: '#777' } };
  }

  // A sortable table with an optional filter row. columns: {title, num, render(row) -> string,
  // cls(row) -> class}. `filters` is a function returning a predicate over rows.
  // Laying out thousands of rows took the browser most of a second, so a table draws its first
  // `firstRows` rows and the next ones as its box is scrolled towards their end; filter and sort
  // always work on every row, and the note above the table says how many are drawn.
  const firstRows = 100;
  const moreRows = 300;
  function table(parent, id, columns, rows, opts) {
    opts = opts || {};
    const wrap = el('div', { className: 'table-wrap' });
    const tbl = el('table', { id: id, 'data-table': id });
    const head = el('tr');
    const tbody = el('tbody');
    const note = el('p', { className: 'table-note' });
    let sortColumn = opts.sortColumn === undefined ? -1 : opts.sortColumn;
    let sortDesc = opts.sortDesc !== false;
    let predicate = () => true;
    let shown = [];
    let drawn = 0;
    const value = (row, c) => (columns[c].value ? columns[c].value(row) : columns[c].render(row));
    function describe() {
      note.textContent = 'Showing ' + fmtInt(shown.length) + ' of ' + fmtInt(rows.length) +
        ' rows' + (opts.total !== undefined && opts.total > rows.length
          ? ' (the page holds ' + fmtInt(rows.length) + ' of ' + fmtInt(opts.total) + ': see "What the page leaves out")'
          : '') + (drawn < shown.length ? '; the first ' + fmtInt(drawn) + ' are drawn, the rest as you scroll the table' : '') +
        '. Click a column title to sort.';
    }
    function drawMore(count) {
      const fragment = document.createDocumentFragment();
      const end = Math.min(shown.length, drawn + count);
      for (; drawn < end; drawn++) {
        const row = shown[drawn];
        const tr = document.createElement('tr');
        columns.forEach((column) => {
          const td = document.createElement('td');
          td.textContent = column.render(row);
          if (column.num) td.className = 'num';
          if (column.cls) { const cls = column.cls(row); if (cls) td.className = cls; }
          tr.appendChild(td);
        });
        fragment.appendChild(tr);
      }
      tbody.appendChild(fragment);
      describe();
    }
    function render() {
      shown = rows.filter(predicate);
      if (sortColumn >= 0) {
        const num = columns[sortColumn].num;
        shown.sort((a, b) => {
          const x = value(a, sortColumn);
          const y = value(b, sortColumn);
          const order = num ? Number(x) - Number(y) : String(x).localeCompare(String(y));
          return sortDesc ? -order : order;
        });
      }
      tbody.replaceChildren();
      drawn = 0;
      wrap.scrollTop = 0;
      drawMore(firstRows);
      head.querySelectorAll('th').forEach((th, c) => {
        th.className = c === sortColumn ? (sortDesc ? 'sorted-desc' : 'sorted-asc') : '';
      });
    }
    // Rows are added while less than two boxes' height of drawn rows is left below the view.
    wrap.addEventListener('scroll', () => {
      if (drawn < shown.length && wrap.scrollTop + 3 * wrap.clientHeight > wrap.scrollHeight) drawMore(moreRows);
    }, { passive: true });
    columns.forEach((column, c) => {
      const th = el('th', { text: column.title });
      th.addEventListener('click', () => {
        if (sortColumn === c) sortDesc = !sortDesc; else { sortColumn = c; sortDesc = !!column.num; }
        render();
      });
      head.appendChild(th);
    });
    tbl.appendChild(el('thead', {}, [head]));
    tbl.appendChild(tbody);
    wrap.appendChild(tbl);
    parent.appendChild(note);
    parent.appendChild(wrap);
    render();
    return { setFilter: (p) => { predicate = p; render(); }, rows: rows };
  }

  function barOption(categories, values, opts) {
    opts = opts || {};
    return {
      grid: { left: opts.left || 140, right: 30, top: 20, bottom: 30 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', name: opts.xName || '', nameLocation: 'middle', nameGap: 22,
        axisLabel: opts.percent ? { formatter: (v) => (100 * v).toFixed(0) + '%' } : {} },
      yAxis: { type: 'category', data: categories.slice().reverse(), axisLabel: { width: (opts.left || 140) - 10, overflow: 'truncate' } },
      series: [{ type: 'bar', data: values.slice().reverse(), itemStyle: { color: opts.color || '#4c6ef5' } }],
      graphic: categories.length ? [] : [emptyGraphic(opts.empty || 'Nothing to show')],
    };
  }

  // What a Sankey shows before the reader changes its controls. At 2,000 homes, 30 remote ports
  // per local port drew 181 nodes (391 links), over half of the remote-port and peer nodes under
  // one pixel tall; 15 labels the same remote ports (the rest join "other") with a quarter fewer
  // links, and draws in about half the time.
  const sankeyDefaults = { ports: 10, perPort: 15, labels: 6 };
  const sankeyStart = 'At first the ' + sankeyDefaults.ports + ' heaviest local ports, ' + sankeyDefaults.perPort +
    ' remote ports per local port and ' + sankeyDefaults.labels + ' labels per port are drawn; the controls above show more.';

  // ---- header and overview -------------------------------------------------------------------
  const ov = data.overview;
  const header = el('header', {}, [el('h1', { text: 'iotscope report' }), nav]);
  app.replaceChildren(header, main);

  {
    const s = section('overview', 'Overview', 'What was read and how much. Device and home ids are keyed hashes; ' +
      (ov.anonymized ? 'addresses in text are anonymized.' : 'anonymization was OFF for this run.'));
    const card = (label, value) => el('div', { className: 'card' }, [el('b', { text: value }), label]);
    s.appendChild(el('div', { className: 'cards' }, [
      card('homes', fmtInt(ov.homes)), card('devices', fmtInt(ov.devices)), card('flows', fmtInt(ov.flows)),
      card('first flow', fmtTime(ov.first_time)), card('last flow', fmtTime(ov.last_time)),
      card('scans', fmtInt(data.scans.total)), card('exposures', fmtInt(data.exposure.total)),
      card('lab candidates', fmtInt(data.candidates.total))]));
    s.appendChild(el('h3', { text: 'Inputs' }));
    table(s, 'table-inputs', [
      { title: 'file', render: (r) => r[0] }, { title: 'format', render: (r) => r[1] },
      { title: 'records', num: true, render: (r) => fmtInt(r[2]), value: (r) => r[2] },
      { title: 'skipped', num: true, render: (r) => fmtInt(r[3]), value: (r) => r[3] },
      { title: 'dropped', num: true, render: (r) => fmtInt(r[4]), value: (r) => r[4] },
      { title: 'first issues', render: (r) => r[5].join('; ') }], data.inputs);
    s.appendChild(el('h3', { text: 'Warnings' }));
    s.appendChild(el('ul', { className: 'warnings' }, data.warnings.length
      ? data.warnings.map((w) => el('li', { text: w })) : [el('li', { text: 'none' })]));
    s.appendChild(el('h3', { text: 'What the page leaves out' }));
    const capItems = data.caps.map((c) => el('li', { text: c }));
    capItems.push(el('li', { text: 'Device graph (from the analysis): ' + data.graph.caps }));
    capItems.push(el('li', { text: 'Sankeys: ' + sankeyStart + ' Charts below the first screen are drawn one after another once the page is shown; ' +
      'long tables draw their first ' + firstRows + ' rows and the rest as they are scrolled (filters and sorting use every row).' }));
    s.appendChild(el('ul', { className: 'caps', id: 'caps' }, capItems));
  }

  mark('before-devices');
  // ---- devices -------------------------------------------------------------------------------
  {
    const s = section('devices', 'Devices', 'One row per device: the label people recognise, the inferred vendor and type, ' +
      'what the user typed, and its findings (scans + exposures + plaintext services). Filter and sort below.');
    const rows = data.devices.rows;
    const controls = el('div', { className: 'controls' });
    const text = el('input', { type: 'search', placeholder: 'filter: any text', id: 'device-filter' });
    const vendor = el('select', { id: 'device-vendor' }, [el('option', { value: '', text: 'all vendors' })]);
    const type = el('select', { id: 'device-type' }, [el('option', { value: '', text: 'all types' })]);
    const minFindings = el('input', { type: 'number', min: '0', value: '0', id: 'device-min-findings' });
    [...new Set(rows.map((r) => r[3]).filter((v) => v))].sort().forEach((v) => vendor.appendChild(el('option', { value: v, text: v })));
    [...new Set(rows.map((r) => r[4]))].sort().forEach((v) => type.appendChild(el('option', { value: v, text: v })));
    controls.append('Vendor ', vendor, ' Type ', type, ' Findings at least ', minFindings, ' ', text);
    s.appendChild(controls);
    const t = table(s, 'table-devices', [
      { title: 'id', render: (r) => r[0] }, { title: 'home', render: (r) => r[1] },
      { title: 'label', render: (r) => r[2] }, { title: 'vendor', render: (r) => r[3] },
      { title: 'type', render: (r) => r[4] }, { title: 'typed labels', render: (r) => r[5] },
      { title: 'findings', num: true, render: (r) => String(r[6]), value: (r) => r[6] },
      { title: 'gateway', render: (r) => (r[7] ? 'yes' : '') }], rows, { total: data.devices.total, sortColumn: 6 });
    const apply = () => {
      const needle = text.value.trim().toLowerCase();
      const min = Number(minFindings.value) || 0;
      t.setFilter((r) => (!vendor.value || r[3] === vendor.value) && (!type.value || r[4] === type.value) &&
        r[6] >= min && (!needle || r.slice(0, 6).join('\u0001').toLowerCase().includes(needle)));
    };
    [text, vendor, type, minFindings].forEach((c) => c.addEventListener('input', apply));
  }

  mark('before-Sankeys');
  // ---- Sankeys -------------------------------------------------------------------------------
  const columnColours = { device: '#4c6ef5', lport: '#f59f00', rport: '#12b886', peer: '#ae3ec9' };

  // links: [source, target, flows, bytes]. Keeps device->lport links of the chosen ports (the
  // `labels` heaviest labels per port; the rest fold into "(other labels)"), the `perPort`
  // heaviest lport->rport links of each (the rest fold into rport:other) and the rport->peer
  // links of the remote ports still shown (again `labels` peers per remote port).
  function sankeyLinks(links, chosen, perPort, labels, metric) {
    const m = metric === 'bytes' ? 3 : 2;
    const out = new Map();
    const add = (s, t, v) => { if (v > 0) { const k = s + '\u0000' + t; out.set(k, (out.get(k) || 0) + v); } };
    const group = (map, key, link) => { if (!map.has(key)) map.set(key, []); map.get(key).push(link); };
    const intoPort = new Map();
    const byPort = new Map();
    for (const l of links) {
      if (l[0].startsWith('device:') && chosen.has(l[1])) group(intoPort, l[1], l);
      if (l[0].startsWith('lport:') && chosen.has(l[0])) group(byPort, l[0], l);
    }
    for (const [lport, list] of intoPort) {
      list.sort((a, b) => b[m] - a[m]);
      list.forEach((l, i) => add(i < labels ? l[0] : 'device:(other labels)', lport, l[m]));
    }
    const shownRemote = new Set();
    for (const [lport, list] of byPort) {
      list.sort((a, b) => b[m] - a[m]);
      list.forEach((l, i) => {
        const target = i < perPort ? l[1] : 'rport:other';
        shownRemote.add(target);
        add(lport, target, l[m]);
      });
    }
    const outOfPort = new Map();
    for (const l of links) {
      if (l[0].startsWith('rport:') && l[1].startsWith('peer:')) {
        group(outOfPort, shownRemote.has(l[0]) ? l[0] : 'rport:other', l);
      }
    }
    for (const [rport, list] of outOfPort) {
      if (!shownRemote.has(rport)) continue;  // peers of remote ports not shown would dangle
      list.sort((a, b) => b[m] - a[m]);
      list.forEach((l, i) => add(rport, i < labels ? l[1] : 'peer:(other labels)', l[m]));
    }
    const result = [];
    for (const [k, v] of out) {
      const [source, target] = k.split('\u0000');
      result.push({ source: source, target: target, value: v });
    }
    return result;
  }

  // Labels of nodes too thin to hold one line are left out (the tooltip still names them).
  function sankeyOption(links, metric, height) {
    const inflow = new Map();
    const outflow = new Map();
    links.forEach((l) => {
      outflow.set(l.source, (outflow.get(l.source) || 0) + l.value);
      inflow.set(l.target, (inflow.get(l.target) || 0) + l.value);
    });
    const column = (n) => n.slice(0, n.indexOf(':'));
    const value = (n) => Math.max(inflow.get(n) || 0, outflow.get(n) || 0);
    const columnTotal = new Map();
    const names = new Set([...inflow.keys(), ...outflow.keys()]);
    names.forEach((n) => columnTotal.set(column(n), (columnTotal.get(column(n)) || 0) + value(n)));
    const nodes = [...names].map((n) => ({
      name: n, itemStyle: { color: columnColours[column(n)] || '#888' },
      label: { show: value(n) / columnTotal.get(column(n)) * (height || 420) * 0.8 >= 9 },
    }));
    return {
      tooltip: { trigger: 'item', formatter: (p) => p.dataType === 'edge'
        ? esc(portName(p.data.source)) + ' → ' + esc(portName(p.data.target)) + ': ' + (metric === 'bytes' ? fmtBytes(p.data.value) : fmtInt(p.data.value) + ' flows')
        : esc(p.name) + ': ' + (metric === 'bytes' ? fmtBytes(p.value) : fmtInt(p.value) + ' flows') },
      graphic: links.length ? [] : [emptyGraphic('No links for this choice')],
      series: [{
        type: 'sankey', data: nodes, links: links, left: 10, right: 150, top: 10, bottom: 10,
        nodeGap: 6, nodeWidth: 14, draggable: false, layoutIterations: links.length > 600 ? 4 : 32,
        emphasis: { focus: 'adjacency' },
        label: { fontSize: 11, formatter: (p) => (p.name.startsWith('lport:') ? 'port ' : '') + portName(p.name), width: 140, overflow: 'truncate' },
        lineStyle: { color: 'gradient', opacity: 0.35 },
      }],
    };
  }

  function sankeySection(id, title, intro, links, scope, caption) {
    const s = section(id, title, intro);
    const lports = new Map();
    links.forEach((l) => { if (l[1].startsWith('lport:')) lports.set(l[1], (lports.get(l[1]) || 0) + l[2]); });
    const ordered = [...lports.entries()].sort((a, b) => b[1] - a[1]).map((e) => e[0]);
    // As in the seeds: the heaviest local ports are shown at first; the others are a click away.
    const chosen = new Set(ordered.slice(0, sankeyDefaults.ports));
    const controls = el('div', { className: 'controls' });
    const boxes = el('span', { className: 'ports' });
    const perPort = el('input', { type: 'number', min: '1', max: '200', value: String(sankeyDefaults.perPort), id: id + '-per-port' });
    const labelsPer = el('input', { type: 'number', min: '1', max: '100', value: String(sankeyDefaults.labels), id: id + '-labels' });
    const metric = el('select', { id: id + '-metric' }, [el('option', { value: 'flows', text: 'flows' }), el('option', { value: 'bytes', text: 'bytes' })]);
    const chartId = 'chart-' + id;
    const current = () => {
      const shown = sankeyLinks(links, chosen, Number(perPort.value) || sankeyDefaults.perPort, Number(labelsPer.value) || sankeyDefaults.labels, metric.value);
      const nodes = new Set();
      shown.forEach((l) => { nodes.add(l.source); nodes.add(l.target); });
      const height = Math.max(420, Math.min(2400, 14 * nodes.size / 2.2));
      return { option: sankeyOption(shown, metric.value, height), height: height };
    };
    let planned = current();  // what the chart shows, drawn now or when its turn comes
    const redraw = () => {
      planned = current();
      document.getElementById(chartId).style.height = planned.height + 'px';
      const instance = charts[chartId];
      if (!instance) return;
      instance.resize();
      instance.setOption(still(planned.option), true);
    };
    ordered.forEach((name) => {
      const box = el('input', { type: 'checkbox', value: name });
      box.checked = chosen.has(name);
      box.addEventListener('change', () => { if (box.checked) chosen.add(name); else chosen.delete(name); redraw(); });
      boxes.appendChild(el('label', {}, [box, ' ' + portName(name)]));
    });
    const setAll = (on) => () => { boxes.querySelectorAll('input').forEach((b) => { b.checked = on; if (on) chosen.add(b.value); else chosen.delete(b.value); }); redraw(); };
    const allButton = el('button', { type: 'button', text: 'all ports' });
    const noneButton = el('button', { type: 'button', text: 'no ports' });
    allButton.addEventListener('click', setAll(true));
    noneButton.addEventListener('click', setAll(false));
    controls.append('Local ports (the heaviest first): ', boxes, allButton, noneButton,
      ' Remote ports per local port ', perPort, ' Labels per port ', labelsPer, ' Width by ', metric);
    s.appendChild(controls);
    chart(s, chartId, caption, planned.height, () => planned.option, (instance) => instance.on('click', (p) => {
      if (p.dataType === 'node' && p.name.startsWith('lport:') && p.name !== 'lport:ephemeral') {
        showPort(scope, p.name.slice(6), true);
      }
    }));
    perPort.addEventListener('input', redraw);
    labelsPer.addEventListener('input', redraw);
    metric.addEventListener('change', redraw);
  }

  sankeySection('local-sankey', 'Device-to-device communication',
    'Inside homes: which devices (by label) use which of their local ports to reach which remote ports of which other devices (peer labels).',
    data.graph.local_sankey, 'local',
    'Sankey of local (device-to-device) traffic: device label → device local port → remote port → peer device label. ' +
    'Link width is the number of flows (or bytes, by the control above), summed over all devices with that label. "ephemeral" is the fold of single-use ports; ' +
    '"other" holds remote ports beyond the chosen number per local port, "(other labels)" the labels beyond the chosen number per port. ' + sankeyStart +
    ' Click a local port to open it in the per-port drill-down.');
mark('before-external-sankey');
  sankeySection('external-sankey', 'External communication',
    'Between devices and the Internet: device label → device local port → remote (Internet) port.',
    data.graph.external_sankey, 'external',
    'Sankey of external traffic: device label → device local port → remote port on Internet hosts. Width: flows (or bytes). ' +
    'A local port reached from many remote ports is likely a server exposed to the Internet. ' + sankeyStart + ' Click a local port to drill down.');

  mark('before-per-port');
  // ---- per-port drill-down -------------------------------------------------------------------
  const drill = section('drilldown', 'Per-port drill-down',
    'For one device port (as in the paired per-port charts): which remote ports talk to it, which device labels use it, and, inside homes, the labels on the other side.');
  const drillSelect = el('select', { id: 'drill-select' });
  const drillTitle = el('span', { id: 'drill-title' });
  drill.appendChild(el('div', { className: 'controls' }, ['Port ', drillSelect, ' ', drillTitle]));
  const drillPair = el('div', { className: 'pair' });
  drill.appendChild(drillPair);
  const drillLeft = el('div');
  const drillRight = el('div');
  drillPair.append(drillLeft, drillRight);
  const drillPeers = el('div');
  drill.appendChild(drillPeers);
  const drillCaption = (what) => what + ' Counted in flows; bars beyond the page cap are one "other (N)" bar.';
  // The three charts show `drillOptions` of the chosen port; until the port is chosen, nothing.
  const drillOptions = { 'chart-drill-remote': barOption([], []), 'chart-drill-devices': barOption([], []), 'chart-drill-peers': barOption([], []) };
  chart(drillLeft, 'chart-drill-remote', drillCaption('Remote ports that talk to the chosen device port, by flows: many different remote ports mean clients connect to this port (a server).'), 380, () => drillOptions['chart-drill-remote']);
  chart(drillRight, 'chart-drill-devices', drillCaption('Device labels of the devices using the chosen port, by flows.'), 380, () => drillOptions['chart-drill-devices']);
  chart(drillPeers, 'chart-drill-peers', drillCaption('Labels of the devices on the remote side (local scope only), by flows.'), 320, () => drillOptions['chart-drill-peers']);

  // The port's breakdown: the analysis' own when it made one, else derived from the Sankey links.
  function breakdown(scope, port) {
    const own = data.graph.per_port.filter((b) => b.scope === scope && String(b.port) === String(port))
      .sort((a, b) => b.flows - a.flows)[0];
    if (own) return { title: 'port ' + own.port + '/' + own.transport + ' (' + scope + ')', remote: own.remote_ports, devices: own.device_labels, peers: own.peer_labels, derived: false };
    const links = scope === 'local' ? data.graph.local_sankey : data.graph.external_sankey;
    const node = 'lport:' + port;
    const remote = links.filter((l) => l[0] === node).map((l) => [portName(l[1]), l[2], l[3]]);
    const devices = links.filter((l) => l[1] === node).map((l) => [portName(l[0]), l[2], l[3]]);
    return { title: 'port ' + port + ' (' + scope + ', from the Sankey links)', remote: remote, devices: devices, peers: [], derived: true };
  }

  function showPort(scope, port, scroll) {
    const b = breakdown(scope, port);
    state.drill = { scope: scope, port: String(port) };
    drillTitle.textContent = b.title;
    drillTitle.setAttribute('data-port', String(port));
    drillTitle.setAttribute('data-scope', scope);
    drillSelect.value = scope + ':' + port;
    const bars = (list, empty, colour) => {
      const sorted = list.slice().sort((x, y) => y[1] - x[1]);
      return barOption(sorted.map((r) => r[0]), sorted.map((r) => r[1]), { xName: 'flows', empty: empty, color: colour });
    };
    drillOptions['chart-drill-remote'] = bars(b.remote, 'No remote ports', '#12b886');
    drillOptions['chart-drill-devices'] = bars(b.devices, 'No device labels', '#4c6ef5');
    drillOptions['chart-drill-peers'] = bars(b.peers, scope === 'local' ? 'No peer labels' : 'Peer labels exist only inside homes', '#ae3ec9');
    // A chart not drawn yet picks the port up when drawn; one the reader goes to is drawn now.
    for (const [id, option] of Object.entries(drillOptions)) {
      if (scroll) ensureChart(id);
      if (charts[id]) charts[id].setOption(still(option), true);
    }
    if (scroll) drill.scrollIntoView({ behavior: 'instant', block: 'start' });
  }
  window.iotscope.showPort = showPort;
  {
    const options = [];
    data.graph.per_port.forEach((b) => options.push([b.scope, String(b.port), 'port ' + b.port + '/' + b.transport + ' (' + b.scope + ', ' + fmtInt(b.flows) + ' flows)']));
    [['local', data.graph.local_sankey], ['external', data.graph.external_sankey]].forEach(([scope, links]) => {
      new Set(links.filter((l) => l[1].startsWith('lport:') && l[1] !== 'lport:ephemeral').map((l) => portName(l[1]))).forEach((port) => {
        if (!options.some((o) => o[0] === scope && o[1] === port)) options.push([scope, port, 'port ' + port + ' (' + scope + ', Sankey only)']);
      });
    });
    const seen = new Set();
    options.forEach(([scope, port, text]) => {
      if (seen.has(scope + ':' + port)) return;
      seen.add(scope + ':' + port);
      drillSelect.appendChild(el('option', { value: scope + ':' + port, text: text }));
    });
    drillSelect.addEventListener('change', () => { const [scope, port] = drillSelect.value.split(':'); showPort(scope, port, false); });
    if (options.length) showPort(options[0][0], options[0][1], false);
    else drillTitle.textContent = 'no ports in the device graph';
  }

  mark('before-scans');
  // ---- scans ---------------------------------------------------------------------------------
  {
    const s = section('scans', 'Scans', 'Devices that sweep the home network for hosts or probe many ports of one host.');
    const rows = data.scans.rows;
    const perScanner = new Map();
    rows.forEach((r) => { const k = r[1] + ' (' + r[0] + ')'; perScanner.set(k, (perScanner.get(k) || 0) + 1); });
    const scanners = [...perScanner.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).map((e) => e[0]);
    const index = new Map(scanners.map((k, i) => [k, i]));
    const series = ['host_sweep', 'port_scan'].map((kind, i) => ({
      name: kind, type: 'scatter', itemStyle: { color: i ? '#e8590c' : '#1c7ed6', opacity: 0.75 },
      symbolSize: (v) => Math.max(6, Math.min(30, 3 * Math.sqrt(v[2]))),
      data: rows.filter((r) => r[2] === kind && index.has(r[1] + ' (' + r[0] + ')'))
        .map((r) => [r[7] * 1000, index.get(r[1] + ' (' + r[0] + ')'), r[4], r[5].join(',')]),
    }));
    chart(s, 'chart-scans', 'Timeline of detected scans: one row per scanning device (the 25 with most scans on the page; label and id), ' +
      'one dot per scan at its start time; dot size grows with the number of targets; colour: host sweep (blue) or port scan (orange). Counted in scan detections, not flows.',
      Math.max(300, 28 * scanners.length + 80), {
        legend: { top: 0 }, grid: { left: 230, right: 30, top: 30, bottom: 40 },
        tooltip: { trigger: 'item', formatter: (p) => esc(scanners[p.value[1]]) + '<br>' + esc(p.seriesName) + ', ' + p.value[2] + ' targets, ports ' + esc(p.value[3]) },
        xAxis: { type: 'time' }, yAxis: { type: 'category', data: scanners, axisLabel: { width: 220, overflow: 'truncate' } },
        series: series, graphic: rows.length ? [] : [emptyGraphic('No scans detected')],
      });
    table(s, 'table-scans', [
      { title: 'scanner', render: (r) => r[0] }, { title: 'label', render: (r) => r[1] },
      { title: 'kind', render: (r) => r[2] }, { title: 'method', render: (r) => r[3] },
      { title: 'targets', num: true, render: (r) => fmtInt(r[4]), value: (r) => r[4] },
      { title: 'ports', render: (r) => r[5].join(', ') + (r[6] > r[5].length ? ' … (' + r[6] + ')' : '') },
      { title: 'start', render: (r) => fmtTime(r[7]) },
      { title: 'seconds', num: true, render: (r) => (r[8] - r[7]).toFixed(0), value: (r) => r[8] - r[7] },
      { title: 'confidence', num: true, render: (r) => r[9].toFixed(2), value: (r) => r[9] }], rows, { total: data.scans.total, sortColumn: 4 });
  }

  mark('before-encryption');
  // ---- encryption ----------------------------------------------------------------------------
  {
    const s = section('encryption', 'Encryption', 'Per device and service: is the traffic encrypted, and with which TLS version when known. ' +
      'Green: encrypted; red: plaintext; grey: unknown.');
    const summary = data.encryption.summary;
    const services = new Map();
    summary.forEach((r) => {
      const k = r[0] + ' ' + r[1] + '/' + r[2];
      if (!services.has(k)) services.set(k, { encrypted: 0, plaintext: 0, unknown: 0, total: 0 });
      const v = services.get(k);
      v[r[3]] += r[6];
      v.total += r[6];
    });
    const top = [...services.entries()].sort((a, b) => b[1].total - a[1].total).slice(0, 20).reverse();
    const colours = { encrypted: '#2f9e44', plaintext: '#e03131', unknown: '#adb5bd' };
    chart(s, 'chart-encryption', 'Flows per service (the 20 services with most flows), stacked by encryption status: encrypted (green), plaintext (red), unknown (grey). ' +
      'Counted in flows over every encryption entry of the run.', 460, {
        legend: { top: 0 }, tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        grid: { left: 150, right: 30, top: 30, bottom: 30 }, xAxis: { type: 'value', name: 'flows' },
        yAxis: { type: 'category', data: top.map((e) => e[0]) },
        series: ['encrypted', 'plaintext', 'unknown'].map((st) => ({ name: st, type: 'bar', stack: 'all', itemStyle: { color: colours[st] }, data: top.map((e) => e[1][st]) })),
        graphic: top.length ? [] : [emptyGraphic('No encryption entries')],
      });
    const tls = new Map();
    summary.filter((r) => r[3] === 'encrypted').forEach((r) => { const k = r[4] || 'version not seen'; tls.set(k, (tls.get(k) || 0) + r[5]); });
    const tlsRows = [...tls.entries()].sort((a, b) => b[1] - a[1]);
    chart(s, 'chart-tls', 'TLS versions of encrypted services: devices per version, summed over services (a device using two services counts twice). ' +
      '"version not seen" means encryption was inferred from the port number only.', 260,
      barOption(tlsRows.map((e) => e[0]), tlsRows.map((e) => e[1]), { xName: 'devices', color: '#2f9e44', empty: 'No encrypted services' }));
    const tlsClass = (v) => (!v ? '' : /1\.[23]$/.test(v) ? 'tls-new' : 'tls-old');
    table(s, 'table-encryption', [
      { title: 'device', render: (r) => r[0] }, { title: 'label', render: (r) => r[1] },
      { title: 'peer', render: (r) => r[2] }, { title: 'service', render: (r) => r[5] + ' ' + r[3] + '/' + r[4] },
      { title: 'status', render: (r) => r[6], cls: (r) => 'status-' + r[6] },
      { title: 'how known', render: (r) => r[7] },
      { title: 'TLS', render: (r) => r[8], cls: (r) => tlsClass(r[8]) },
      { title: 'cipher grade', render: (r) => r[9] },
      { title: 'flows', num: true, render: (r) => fmtInt(r[10]), value: (r) => r[10] },
      { title: 'bytes', num: true, render: (r) => fmtBytes(r[11]), value: (r) => r[11] }], data.encryption.rows, { total: data.encryption.total });
  }

  mark('before-exposure');
  // ---- exposure ------------------------------------------------------------------------------
  {
    const s = section('exposure', 'Exposure', 'Devices reachable from the Internet: inbound connections, port mappings (UPnP, NAT-PMP, PCP), NTP responders and risky services.');
    const summary = data.exposure.summary.slice(0, 20);
    chart(s, 'chart-exposure', 'Devices per exposure (kind: service port/transport), the 20 with most devices. Counted in devices, not flows.', 420,
      barOption(summary.map((r) => r[0] + ': ' + (r[1] || '?') + ' ' + r[2] + '/' + r[3]), summary.map((r) => r[4]),
        { left: 220, xName: 'devices', color: '#e8590c', empty: 'No exposed devices' }));
    table(s, 'table-exposure', [
      { title: 'device', render: (r) => r[0] }, { title: 'label', render: (r) => r[1] },
      { title: 'port', num: true, render: (r) => r[2] + '/' + r[3], value: (r) => r[2] },
      { title: 'kind', render: (r) => r[4] }, { title: 'service', render: (r) => r[5] },
      { title: 'confidence', num: true, render: (r) => r[6].toFixed(2), value: (r) => r[6] }], data.exposure.rows, { total: data.exposure.total, sortColumn: 5 });
  }

  mark('before-thesis');
  // ---- thesis tables -------------------------------------------------------------------------
  {
    const m = data.measurement;
    const s = section('thesis', 'Port usage and traffic (thesis tables)', 'How common each port is across devices, whether ports are shared across manufacturers, ' +
      'which device types talk to the Internet, and how large flows are.');
    const pair = el('div', { className: 'pair' });
    s.appendChild(pair);
    const usage = (parent, id, rows, scope) => {
      const top = rows.slice(0, 20);
      chart(parent, id, 'Ports by the fraction of devices using them with ' + scope + ' peers (of all devices with ' + scope +
        ' traffic), the 20 most used. Counted in devices.', 420,
        barOption(top.map((r) => r[2] + ' ' + r[0] + '/' + r[1]), top.map((r) => r[4]), { percent: true, xName: 'devices', empty: 'No ports' }));
    };
    const left = el('div'); const right = el('div'); pair.append(left, right);
    usage(left, 'chart-port-usage-local', m.port_usage_local, 'local');
    usage(right, 'chart-port-usage-external', m.port_usage_external, 'external');
    const sharing = new Map();
    m.port_sharing.forEach((r) => sharing.set(r[5], (sharing.get(r[5]) || 0) + 1));
    const pair2 = el('div', { className: 'pair' });
    s.appendChild(pair2);
    const l2 = el('div'); const r2 = el('div'); pair2.append(l2, r2);
    chart(l2, 'chart-sharing', 'Ports by how many manufacturers use them: shared (many), few, or vendor-specific (one). Counted in ports listed on the page; ' +
      'over all ports ' + fmtPct(m.shared_port_fraction) + ' are shared and ' + fmtPct(m.specific_port_fraction) + ' vendor-specific.', 300,
      barOption([...sharing.keys()], [...sharing.values()], { xName: 'ports', left: 90, empty: 'No ports' }));
    const byType = m.external_by_type.slice().sort((a, b) => b[3] - a[3]);
    chart(r2, 'chart-external-by-type', 'Fraction of devices of each inferred type that talk to the Internet. Counted in devices.', 300,
      barOption(byType.map((r) => r[0]), byType.map((r) => r[3]), { percent: true, left: 130, empty: 'No devices' }));
    chart(s, 'chart-bytes-cdf', 'Bytes per flow: cumulative fraction of flows (y) with at most x bytes, local and external flows (log x axis). Counted in flows.', 320, {
      legend: { top: 0 }, tooltip: { trigger: 'axis' }, grid: { left: 60, right: 30, top: 30, bottom: 40 },
      xAxis: { type: 'log', name: 'bytes', nameLocation: 'middle', nameGap: 25 }, yAxis: { type: 'value', max: 1 },
      series: m.bytes_per_flow.map((b) => ({ name: b.scope + ' (median ' + fmtBytes(b.median) + ')', type: 'line', step: 'end', showSymbol: false, data: b.cdf.map((p) => [Math.max(1, p[0]), p[1]]) })),
      graphic: m.bytes_per_flow.length ? [] : [emptyGraphic('No flows')],
    });
    s.appendChild(el('h3', { text: 'Port usage (local peers)' }));
    const usageColumns = [
      { title: 'port', num: true, render: (r) => r[0] + '/' + r[1], value: (r) => r[0] }, { title: 'service', render: (r) => r[2] },
      { title: 'devices', num: true, render: (r) => fmtInt(r[3]), value: (r) => r[3] },
      { title: 'fraction', num: true, render: (r) => fmtPct(r[4]), value: (r) => r[4] }];
    table(s, 'table-port-usage-local', usageColumns, m.port_usage_local, { sortColumn: 3 });
    s.appendChild(el('h3', { text: 'Port usage (external peers)' }));
    table(s, 'table-port-usage-external', usageColumns, m.port_usage_external, { sortColumn: 3 });
    s.appendChild(el('h3', { text: 'Shared and vendor-specific ports' }));
    table(s, 'table-port-sharing', [
      { title: 'port', num: true, render: (r) => r[0] + '/' + r[1], value: (r) => r[0] },
      { title: 'devices', num: true, render: (r) => fmtInt(r[2]), value: (r) => r[2] },
      { title: 'vendors', num: true, render: (r) => String(r[3]), value: (r) => r[3] },
      { title: 'device types', num: true, render: (r) => String(r[4]), value: (r) => r[4] },
      { title: 'sharing', render: (r) => r[5] }, { title: 'top vendors', render: (r) => r[6].join(', ') }], m.port_sharing, { sortColumn: 1 });
    s.appendChild(el('h3', { text: 'External communication by device type' }));
    table(s, 'table-external-by-type', [
      { title: 'type', render: (r) => r[0] }, { title: 'devices', num: true, render: (r) => fmtInt(r[1]), value: (r) => r[1] },
      { title: 'with external traffic', num: true, render: (r) => fmtInt(r[2]), value: (r) => r[2] },
      { title: 'fraction', num: true, render: (r) => fmtPct(r[3]), value: (r) => r[3] },
      { title: 'top external ports (devices)', render: (r) => r[4].map((p) => p[0] + ' (' + p[1] + ')').join(', ') }], m.external_by_type, { sortColumn: 3 });
  }

  mark('before-active');
  // ---- active vs passive ---------------------------------------------------------------------
  if (data.measurement.active && data.measurement.active.present) {
    const a = data.measurement.active;
    const s = section('active', 'Offered vs used (active probing)', 'What devices offer to a probe against what passive data saw them use. ' +
      fmtInt(a.devices_answering) + ' of ' + fmtInt(a.devices_probed) + ' probed devices (' + fmtPct(a.answering_fraction) +
      ') answered with at least one open port. ' + (a.passive_present
        ? 'On average a device was seen using ' + fmtPct(a.mean_used_fraction) + ' of the services it offers.'
        : 'No flows were among the inputs, so nothing can be called used or unused.'));
    const top = a.by_service.slice(0, 20);
    chart(s, 'chart-offered-unused', 'Services by the number of devices offering them (top 20); the orange part was never seen used' +
      (a.passive_present ? '.' : ' (no flows: unknown).') + ' Counted in devices.', 420, {
      grid: { left: 160, right: 30, top: 30, bottom: 30 }, legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', name: 'devices', nameLocation: 'middle', nameGap: 22 },
      yAxis: { type: 'category', data: top.map((r) => (r[0] || '?') + ' ' + r[1] + '/' + r[2]).reverse() },
      series: [
        { name: 'used', type: 'bar', stack: 'd', data: top.map((r) => r[4] - r[5]).reverse(), itemStyle: { color: '#4c6ef5' } },
        { name: 'never used', type: 'bar', stack: 'd', data: top.map((r) => r[5]).reverse(), itemStyle: { color: '#e8590c' } }],
      graphic: top.length ? [] : [emptyGraphic('No open ports found')],
    });
    s.appendChild(el('h3', { text: 'Services offered, by service' }));
    table(s, 'table-service-usage', [
      { title: 'service', render: (r) => r[0] }, { title: 'port', num: true, render: (r) => r[1] + '/' + r[2], value: (r) => r[1] },
      { title: 'critical', render: (r) => (r[3] ? 'yes' : '') },
      { title: 'devices offering', num: true, render: (r) => fmtInt(r[4]), value: (r) => r[4] },
      { title: 'never used', num: true, render: (r) => (a.passive_present ? fmtInt(r[5]) : '-'), value: (r) => r[5] },
      { title: '% unused', num: true, render: (r) => (a.passive_present ? fmtPct(r[6]) : '-'), value: (r) => r[6] }], a.by_service, { sortColumn: 3 });
    const offeredColumns = [
      { title: 'device', render: (r) => r[0] }, { title: 'label', render: (r) => r[1] },
      { title: 'port', num: true, render: (r) => r[2] + '/' + r[3], value: (r) => r[2] },
      { title: 'service', render: (r) => r[4] }, { title: 'product', render: (r) => r[5] },
      { title: 'critical', render: (r) => (r[6] ? 'yes' : '') }, { title: 'used', render: (r) => (r[7] ? 'yes' : 'no') },
      { title: 'flows', num: true, render: (r) => fmtInt(r[8]), value: (r) => r[8] }];
    if (a.passive_present) {
      s.appendChild(el('h3', { text: 'Security-critical services offered and never used' }));
      table(s, 'table-critical-unused', offeredColumns, a.critical_unused, { sortColumn: 0, sortDesc: false });
      s.appendChild(el('h3', { text: 'Served in passive data, not found open by the probe' }));
      table(s, 'table-used-not-offered', offeredColumns, a.used_not_offered, { sortColumn: 7 });
    }
    s.appendChild(el('h3', { text: 'Every open port found' }));
    table(s, 'table-offered', offeredColumns, a.offered, { sortColumn: 0, sortDesc: false });
    if (a.vantage.length) {
      s.appendChild(el('h3', { text: 'Open from inside vs from the Internet' }));
      table(s, 'table-vantage', [
        { title: 'device', render: (r) => r[0] }, { title: 'label', render: (r) => r[1] },
        { title: 'port', num: true, render: (r) => r[2] + '/' + r[3], value: (r) => r[2] },
        { title: 'service', render: (r) => r[4] },
        { title: 'inside', render: (r) => (r[5] ? 'open' : '-') }, { title: 'outside', render: (r) => (r[6] ? 'open' : '-') }], a.vantage, { sortColumn: 0, sortDesc: false });
    }
  }

  mark('before-candidates');
  // ---- candidates ----------------------------------------------------------------------------
  {
    const s = section('candidates', 'Lab candidates', 'Devices worth buying and studying in a lab, best first, with the findings that make them interesting.');
    table(s, 'table-candidates', [
      { title: 'rank', num: true, render: (r) => String(r[0]), value: (r) => r[0] },
      { title: 'device', render: (r) => r[1] }, { title: 'label', render: (r) => r[2] },
      { title: 'score', num: true, render: (r) => r[3].toFixed(2), value: (r) => r[3] },
      { title: 'reasons', render: (r) => r[4].join('; ') }], data.candidates.rows, { total: data.candidates.total, sortColumn: 0, sortDesc: false });
  }

  window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));
  window.iotscope.sections = sections;
  window.iotscope.chartMs = chartMs;
  window.iotscope.ensureChart = ensureChart;
  mark('built');
  // performance marks 'first-screen' and 'all-charts' (from navigation start) are what the
  // end-to-end test holds to its limits; body[data-ready] and body[data-charts] say the same.
  chartsDone = () => {
    if (timings['all-charts']) return;
    mark('all-charts');
    performance.mark('all-charts');
    document.body.setAttribute('data-charts', 'done');
  };
  drawFirstScreen();
  mark('first-charts');
  window.iotscope.ready = true;
  document.body.setAttribute('data-ready', 'true');
  // A frame later the first screen is on the screen: only then do the other charts start.
  requestAnimationFrame(() => setTimeout(() => {
    mark('first-screen');
    performance.mark('first-screen');
    if (pending.size) idle(drawRemaining);
    else chartsDone();
  }, 0));
})();
