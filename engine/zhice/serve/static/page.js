// 知策 zhice web page: the interview as a form, then the report. Plain JS, no network beyond this server.
// Every text from the server goes into the page through textContent (never parsed as markup); the report,
// already escaped by zhice's HTML renderer, is shown in a sandboxed iframe without scripts.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const TYPE_HINT = { boolean: "是 / 否", date: "日期，如 2021-03-15", list: "用逗号分隔，如 US, EU, JP；没有填“无”",
                      integer: "整数", number: "数字" };
  let answers = [];         // [[path, text], …] in the order answered ("" = 不知道)
  let question = null;      // the current question from /api/interview
  let profile = null;       // the nested profile of the answers so far
  let titles = {};          // path → title, for the list of answers
  let programTitles = {};   // program id → its Chinese title (from /api/programs)

  // the programs chosen in the optional list, as ?program=…&program=… (none chosen: every program)
  function query() {
    const chosen = [...document.querySelectorAll("#program-list input:checked")].map((c) => c.value);
    return chosen.length ? "?" + chosen.map((id) => "program=" + encodeURIComponent(id)).join("&") : "";
  }

  function listPrograms(catalog) {
    const list = $("program-list");
    for (const row of catalog.programs || []) {
      programTitles[row.id] = row.title;
      if (!row.in_force) continue;
      const lab = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.value = row.id;
      box.addEventListener("change", () => { if (answers.length) step(); });
      lab.appendChild(box);
      lab.appendChild(document.createTextNode(" " + row.title));
      list.appendChild(lab);
    }
  }

  function post(url, body) {
    return fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  }

  async function problemsOf(resp) {
    try {
      const data = await resp.json();
      if (data && Array.isArray(data.problems)) return data.problems;
    } catch (e) { /* not JSON */ }
    return [{ code: "http-" + resp.status, path: null, message: "服务返回 " + resp.status, hint: null }];
  }

  function showErrors(problems) {
    const box = $("q-error");
    box.textContent = "";
    for (const p of problems) {
      const li = document.createElement("li");
      li.textContent = (p.message || p.code) + (p.hint ? "（" + p.hint + "）" : "");
      box.appendChild(li);
    }
  }

  function setBusy(busy) {
    for (const id of ["next", "skip", "back", "finish"]) $(id).disabled = busy;
    $("status").textContent = busy ? "正在计算…" : "";
  }

  function renderAnswers() {
    const list = $("answers");
    list.textContent = "";
    for (const [path, text] of answers) {
      const li = document.createElement("li");
      li.appendChild(document.createTextNode(titles[path] || path));
      const v = document.createElement("span");
      v.className = text === "" ? "unknown" : "value";
      v.textContent = text === "" ? "不知道" : shownAs[path] || text;
      li.appendChild(v);
      list.appendChild(li);
    }
    $("answered-count").textContent = "已回答 " + answers.length + " 题";
    $("back").disabled = answers.length === 0;
  }

  function inputFor(q) {
    const field = $("q-field");
    field.textContent = "";
    if (q.type === "boolean" || q.type === "enum") {
      const options = q.type === "boolean" ? [["是", "是"], ["否", "否"]] : q.choices.map((c) => [c.code, c.label]);
      if (q.type === "enum" && options.length > 4) {
        const sel = document.createElement("select");
        sel.id = "q-input";
        sel.name = "answer";
        for (const [value, label] of [["", "不知道"], ...options]) {
          const o = document.createElement("option");
          o.value = value;
          o.textContent = label;
          sel.appendChild(o);
        }
        field.appendChild(sel);
        return;
      }
      const group = document.createElement("div");
      group.className = "choices";
      group.setAttribute("role", "radiogroup");
      options.forEach(([value, label], i) => {
        const lab = document.createElement("label");
        const r = document.createElement("input");
        r.type = "radio";
        r.name = "answer";
        r.value = value;
        if (i === 0) r.id = "q-input";
        lab.appendChild(r);
        lab.appendChild(document.createTextNode(label));
        group.appendChild(lab);
      });
      field.appendChild(group);
      return;
    }
    const input = document.createElement("input");
    input.type = "text";
    input.id = "q-input";
    input.name = "answer";
    input.autocomplete = "off";
    if (q.type === "integer" || q.type === "number") input.inputMode = "decimal";
    input.placeholder = q.type === "date" ? "2021-03-15" : (q.unit ? "单位：" + q.unit : "");
    field.appendChild(input);
    input.focus();
  }

  let shownAs = {};         // path → the answer as the person saw it (a choice's label)

  function currentValue() {
    const checked = document.querySelector("#q-field input[type=radio]:checked");
    if (checked) {
      shownAs[question.path] = checked.parentNode.textContent;
      return checked.value;
    }
    const sel = document.querySelector("#q-field select");
    if (sel) {
      shownAs[question.path] = sel.options[sel.selectedIndex].textContent;
      return sel.value;
    }
    const el = document.querySelector("#q-field input[type=text]");
    delete shownAs[question.path];
    return el ? el.value.trim() : "";
  }

  function showQuestion(q) {
    question = q;
    titles[q.path] = q.title;
    $("q-label").textContent = q.number + ". " + q.title;
    const hint = [q.unit ? "单位：" + q.unit : TYPE_HINT[q.type] || ""];
    if (q.type === "enum") hint.push("可选：" + q.choices.map((c) => c.label).join(" / "));
    if (!q.required) hint.push("不清楚可选“不知道”");
    $("q-hint").textContent = hint.filter(Boolean).join("；");
    const n = q.programs.length;
    const names = q.programs.slice(0, 5).map((id) => programTitles[id] || id);
    $("q-programs").textContent = n ? "影响 " + n + " 个项目：" + names.join("、") + (n > 5 ? " 等" : "") : "";
    $("skip").hidden = !!q.required;
    $("finish").hidden = !profile;
    $("question-form").dataset.path = q.path;
    inputFor(q);
  }

  // send every answer so far; the server types them and picks the next question
  async function step() {
    setBusy(true);
    try {
      const resp = await post("/api/interview" + query(), { answers: Object.fromEntries(answers) });
      if (!resp.ok) {
        const problems = await problemsOf(resp);
        const last = answers.length ? answers[answers.length - 1][0] : null;
        if (last && problems.some((p) => p.path === last)) answers.pop();   // that answer was refused: ask again
        renderAnswers();
        showErrors(problems);
        return;
      }
      const data = await resp.json();
      showErrors([]);
      profile = data.profile;
      renderAnswers();
      if (data.done) await report();
      else showQuestion(data.question);
    } catch (e) {
      showErrors([{ message: "无法连接服务：" + e, code: "network" }]);
    } finally {
      setBusy(false);
    }
  }

  function answer(text) {
    if (!question) return;
    if (question.required && text === "") {
      showErrors([{ message: question.title + "必填" }]);
      return;
    }
    answers.push([question.path, text]);
    step();
  }

  async function report() {
    if (!profile) return;
    $("result-status").textContent = "正在生成报告…";
    $("interview").hidden = true;
    $("result").hidden = false;
    const resp = await post("/api/checkup" + (query() ? query() + "&" : "?") + "format=html", profile);
    if (!resp.ok) {
      const problems = await problemsOf(resp);
      $("result-status").textContent = problems.map((p) => p.message).join("；");
      return;
    }
    const html = await resp.text();
    const frame = $("report");
    frame.onload = () => {
      const doc = frame.contentDocument;
      if (doc && doc.documentElement) frame.style.height = Math.max(600, doc.documentElement.scrollHeight + 20) + "px";
      $("result-status").textContent = "报告已生成（共回答 " + answers.length + " 题）";
      document.body.dataset.report = "ready";
    };
    frame.srcdoc = html;
  }

  async function download() {
    const resp = await post("/api/profile.yaml", profile);
    if (!resp.ok) {
      $("result-status").textContent = (await problemsOf(resp)).map((p) => p.message).join("；");
      return;
    }
    const url = URL.createObjectURL(await resp.blob());
    const a = document.createElement("a");
    a.href = url;
    a.download = "profile.yaml";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function backToForm() {
    document.body.dataset.report = "";
    $("result").hidden = true;
    $("interview").hidden = false;
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("question-form").addEventListener("submit", (ev) => { ev.preventDefault(); answer(currentValue()); });
    $("skip").addEventListener("click", () => answer(""));
    $("back").addEventListener("click", () => { answers.pop(); step(); });
    $("finish").addEventListener("click", report);
    $("print").addEventListener("click", () => $("report").contentWindow.print());
    $("download").addEventListener("click", download);
    $("edit").addEventListener("click", () => { backToForm(); if (answers.length) { answers.pop(); step(); } });
    $("restart").addEventListener("click", () => { answers = []; shownAs = {}; profile = null; backToForm(); step(); });
    fetch("/api/programs").then((r) => (r.ok ? r.json() : {})).then(listPrograms).catch(() => {}).finally(step);
  });
})();
