/* fazhi network page: draws the network with vis-network, searches, filters, and shows evidence.
   Everything it needs is in this file and the JSON in #fazhi-data; it loads nothing. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("fazhi-data").textContent);
  var FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif';
  var SHAPES = { agency: "dot", document: "diamond", region: "square", reform: "triangle" };
  var KIND_NAMES = { agency: "机关 agency", document: "文件 document", region: "地区 region", reform: "改革 reform" };
  var REGION_LEVELS = ["省级", "地级", "县级"];
  var PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                 "#bcbd22", "#17becf", "#3b6ea5", "#e6a03c", "#4f9d69", "#b5464b", "#7c6aa8", "#a07d5a"];
  var staticLayout = data.layout === "static";

  var byId = new Map();
  data.nodes.forEach(function (n) { byId.set(n.id, n); });
  var edgeById = new Map();
  data.edges.forEach(function (e) { edgeById.set(e.id, e); });

  function yearsOf(item) { return item.years ? item.years.split(",") : []; }
  function tooltip(n) {
    var parts = [n.label, KIND_NAMES[n.kind] || n.kind];
    if (n.level) parts.push("级别 " + n.level);
    if (n.region && n.kind !== "region") parts.push("地区 " + n.region);
    if (n.years) parts.push("年度 " + n.years.replace(/,/g, ", "));
    parts.push(n.reports + " 份报告 reports");
    return parts.join("\n");
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var item = { id: n.id, label: n.label, value: Math.max(n.weighted_degree || 1, 1), shape: SHAPES[n.kind] || "dot",
                 color: PALETTE[(n.community || 0) % PALETTE.length], title: tooltip(n) };
    if (typeof n.x === "number") { item.x = n.x; item.y = n.y; }
    return item;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return { id: e.id, from: e.source, to: e.target, value: e.weight,
             title: e.weight + " 份报告 reports" + (e.years ? "\n" + e.years.replace(/,/g, ", ") : "") };
  }));
  var options = {
    autoResize: true,
    layout: { randomSeed: 7, improvedLayout: !staticLayout && data.nodes.length <= 150 },
    physics: staticLayout ? false : {
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -60, springLength: 90, avoidOverlap: 0.4 },
      stabilization: { enabled: true, iterations: 400, updateInterval: 50, fit: true }
    },
    interaction: { hover: !staticLayout, tooltipDelay: 150, hideEdgesOnDrag: staticLayout, hideEdgesOnZoom: staticLayout,
                   multiselect: true },
    nodes: { font: { face: FONT, size: 14, strokeWidth: 3, strokeColor: "#ffffff" },
             scaling: { min: 8, max: 40, label: { enabled: true, min: 12, max: 26, drawThreshold: 7 } },
             borderWidth: 1 },
    edges: { smooth: false, color: { color: "#9aa5b1", highlight: "#c0392b", hover: "#52606d", opacity: 0.55 },
             scaling: { min: 1, max: 8 }, selectionWidth: 2 }
  };
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);

  var api = { data: data, network: network, nodes: nodes, edges: edges, ready: false };
  window.fazhi = api;
  function markReady() {
    if (api.ready) return;
    api.ready = true;
    document.body.setAttribute("data-ready", "true");
  }
  if (staticLayout) {
    network.once("afterDrawing", function () { network.fit({ animation: false }); markReady(); });
  } else {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: false });
      network.fit({ animation: false });
      markReady();
    });
  }

  // ---------------------------------------------------------------- header
  document.getElementById("title").textContent = data.title;
  document.getElementById("note").textContent = data.note || "";
  document.title = data.title;

  function fillSelect(id, values) {
    var select = document.getElementById(id);
    values.forEach(function (v) {
      var option = document.createElement("option");
      option.value = v;
      option.textContent = v;
      select.appendChild(option);
    });
    select.addEventListener("change", applyFilters);
  }
  function distinct(values) { return Array.from(new Set(values.filter(Boolean))).sort(); }
  fillSelect("filter-level", distinct(data.nodes.map(function (n) { return n.level; })));
  fillSelect("filter-region", distinct(data.nodes.filter(function (n) { return n.kind === "agency" || n.kind === "region"; })
    .map(function (n) { return n.region; })));
  fillSelect("filter-year", distinct([].concat.apply([], data.nodes.map(yearsOf))));

  // ---------------------------------------------------------------- filters
  function isRegionLevel(level) { return REGION_LEVELS.indexOf(level) >= 0; }
  function levelApplies(n, level) {
    if (n.level) return isRegionLevel(n.level) === isRegionLevel(level);
    return (n.kind === "agency" || n.kind === "region") === isRegionLevel(level);
  }
  function applyFilters() {
    var level = document.getElementById("filter-level").value;
    var region = document.getElementById("filter-region").value;
    var year = document.getElementById("filter-year").value;
    var active = Boolean(level || region || year);
    var pass = new Map();
    data.nodes.forEach(function (n) {
      var ok = true;
      if (level && levelApplies(n, level)) ok = n.level === level;
      if (ok && region && (n.kind === "agency" || n.kind === "region")) ok = n.region === region;
      if (ok && year) ok = yearsOf(n).indexOf(year) >= 0;
      pass.set(n.id, ok);
    });
    var linked = new Set();
    var edgeUpdates = data.edges.map(function (e) {
      var ok = pass.get(e.source) && pass.get(e.target) && (!year || yearsOf(e).indexOf(year) >= 0);
      if (ok) { linked.add(e.source); linked.add(e.target); }
      return { id: e.id, hidden: !ok };
    });
    nodes.update(data.nodes.map(function (n) {
      return { id: n.id, hidden: !pass.get(n.id) || (active && !linked.has(n.id)) };
    }));
    edges.update(edgeUpdates);
    var shown = nodes.get({ filter: function (n) { return !n.hidden; } }).length;
    document.getElementById("note").textContent = active
      ? "filters show " + shown.toLocaleString() + " of " + data.nodes.length.toLocaleString() + " nodes" + (data.note ? "; " + data.note : "")
      : (data.note || "");
    return shown;
  }
  api.applyFilters = applyFilters;

  // ---------------------------------------------------------------- evidence panel
  var details = document.getElementById("details");
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function quote(text, exact) {
    var block = el("blockquote");
    var at = exact ? text.indexOf(exact) : -1;
    if (at < 0) { block.textContent = text; return block; }
    block.appendChild(document.createTextNode(text.slice(0, at)));
    block.appendChild(el("mark", exact));
    block.appendChild(document.createTextNode(text.slice(at + exact.length)));
    return block;
  }
  function safeLink(href) { return /^(https?|file):\/\//i.test(href || "") ? href : null; }
  function renderEvidence(entry) {
    var total = entry ? entry[0] : 0;
    var list = entry ? entry[1] : [];
    var frag = document.createDocumentFragment();
    if (!total) { frag.appendChild(el("p", "没有原文句子。No sentences recorded for this.", "hint")); return frag; }
    frag.appendChild(el("p", "原文 evidence: " + (list.length < total ? list.length + " of " + total : total) + " sentences", "facts"));
    var ol = el("ol", null, "evidence");
    list.forEach(function (index) {
      var s = data.sentences[index];
      var report = data.reports[s[0]] || {};
      var li = el("li");
      li.appendChild(quote(s[1], s[2]));
      var source = el("div", null, "source");
      var href = safeLink(report.source);
      var title = report.title || report.source || "report";
      if (href) {
        var a = el("a", title);
        a.href = href;
        a.target = "_blank";
        a.rel = "noopener";
        source.appendChild(a);
      } else {
        source.appendChild(el("span", title));
      }
      var facts = [report.agency, report.year].filter(Boolean).join(" · ");
      if (facts) source.appendChild(document.createTextNode(" — " + facts));
      if (report.page && /^https?:$/.test(location.protocol)) {  // served by fazhi serve: its report page
        var page = el("a", "解读 how fazhi read it", "page");
        page.href = report.page;
        source.appendChild(document.createTextNode(" · "));
        source.appendChild(page);
      }
      li.appendChild(source);
      ol.appendChild(li);
    });
    frag.appendChild(ol);
    return frag;
  }
  function showNode(id) {
    var n = byId.get(id);
    if (!n) return false;
    network.selectNodes([id]);
    details.replaceChildren();
    details.appendChild(el("h2", n.label));
    var facts = [KIND_NAMES[n.kind] || n.kind, n.level, n.kind !== "region" ? n.region : "", n.years.replace(/,/g, ", "),
                 n.reports + " 份报告 reports", "度 degree " + n.degree, "社区 community " + n.community];
    details.appendChild(el("p", facts.filter(Boolean).join(" · "), "facts"));
    details.appendChild(renderEvidence(data.evidence.nodes[id]));
    return true;
  }
  function showEdge(id) {
    var e = edgeById.get(id);
    if (!e) return false;
    var a = byId.get(e.source), b = byId.get(e.target);
    network.selectEdges([id]);
    details.replaceChildren();
    details.appendChild(el("h2", a.label + " — " + b.label));
    details.appendChild(el("p", [e.weight + " 份报告 reports", e.years.replace(/,/g, ", ")].filter(Boolean).join(" · "), "facts"));
    details.appendChild(renderEvidence(data.evidence.edges[id]));
    return true;
  }
  api.showNode = showNode;
  api.showEdge = showEdge;
  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });

  // ---------------------------------------------------------------- search
  var matchesBox = document.getElementById("matches");
  var searchBox = document.getElementById("search");
  function search(text) {
    var q = (text || "").trim().toLowerCase();
    matchesBox.replaceChildren();
    if (!q) { network.unselectAll(); return []; }
    var hits = data.nodes.filter(function (n) { return n.label.toLowerCase().indexOf(q) >= 0; });
    hits.sort(function (a, b) {
      return (b.label.toLowerCase() === q) - (a.label.toLowerCase() === q) || b.weighted_degree - a.weighted_degree ||
        (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
    });
    matchesBox.appendChild(el("div", hits.length ? hits.length + " 个匹配 matches" : "没有匹配 no match", "facts"));
    hits.slice(0, 30).forEach(function (n, i) {
      var hidden = nodes.get(n.id).hidden;
      var button = el("button", n.label + (hidden ? " (hidden by a filter)" : ""), (i === 0 ? "current" : "") + (hidden ? " hidden" : ""));
      button.type = "button";
      button.setAttribute("data-node", n.id);
      button.addEventListener("click", function () { focusNode(n.id); showNode(n.id); });
      matchesBox.appendChild(button);
    });
    var visible = hits.filter(function (n) { return !nodes.get(n.id).hidden; });
    if (visible.length) {
      network.selectNodes(visible.slice(0, 200).map(function (n) { return n.id; }));
      focusNode(visible[0].id);
    } else {
      network.unselectAll();
    }
    return hits.map(function (n) { return n.id; });
  }
  function focusNode(id) {
    network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: false });
  }
  api.search = search;
  api.focusNode = focusNode;
  searchBox.addEventListener("input", function () { search(searchBox.value); });
  searchBox.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    var first = matchesBox.querySelector("button");
    if (first) first.click();
  });
})();
