// The unit picker's type-ahead: each box marked data-unit-picker (the unit_picker macro)
// becomes an ARIA combobox that asks the server (org.suggest_units) for the units of the
// user's scope matching what she types, with or without accents. Choosing one fills the box
// with "name (code)", which the server reads back (lms.org.forms.UnitField). Arrow keys,
// Enter and Escape work from the keyboard; each suggestion is a tap target of 48 px or more.
// Without this script the box still takes a code or a name, and the server lists the
// candidates to choose from.
(function () {
  "use strict";
  if (!window.fetch || !document.querySelectorAll) { return; }
  var DELAY_MS = 200;
  var MIN_CHARS = 2;

  function setUp(input, index) {
    if (input.dataset.unitPickerReady) { return; }
    input.dataset.unitPickerReady = "1";
    var field = input.closest(".unit-picker") || input.parentNode;
    var listId = (input.id || "unit-picker-" + index) + "-suggestions";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "unit-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.labels && input.labels[0] ? input.labels[0].textContent : "");
    list.hidden = true;
    var status = document.createElement("p");
    status.className = "unit-suggestions-status hint";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var items = [];
    var active = -1;
    var timer = null;
    var asked = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(next) {
      if (!items.length) { return; }
      active = (next + items.length) % items.length;
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function choose(item) {
      input.value = item.dataset.label;
      // A candidate ticked in the list the server sent would win over the box: untick it.
      Array.prototype.forEach.call(field.querySelectorAll(".unit-matches input[type=radio]"),
        function (radio) { radio.checked = false; });
      status.textContent = "";
      close();
      input.focus();
    }

    function say(template, shown, total) {
      return (template || "").replace("{shown}", shown).replace("{total}", total);
    }

    function show(data) {
      list.textContent = "";
      items = data.units.map(function (unit, i) {
        var item = document.createElement("li");
        item.id = listId + "-" + i;
        item.className = "unit-suggestion";
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.dataset.label = unit.label;
        var name = document.createElement("span");
        name.className = "unit-name";
        name.textContent = unit.name;
        var where = document.createElement("span");
        where.className = "muted";
        where.textContent = (unit.context ? unit.context + " · " : "") + unit.code;
        item.appendChild(name);
        item.appendChild(where);
        item.addEventListener("click", function () { choose(item); });
        list.appendChild(item);
        return item;
      });
      active = -1;
      if (!items.length) {
        close();
        status.textContent = input.dataset.none || "";
        return;
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = data.total > items.length
        ? say(input.dataset.more, items.length, data.total)
        : say(input.dataset.found, items.length, data.total);
    }

    function ask() {
      var term = input.value.trim();
      if (term.length < MIN_CHARS) { close(); status.textContent = ""; return; }
      var mine = ++asked;
      var url = input.dataset.unitPicker + "?q=" + encodeURIComponent(term);
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data && mine === asked) { show(data); } })
        .catch(function () { /* offline: the server reads the box as typed */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (open) { highlight(active + 1); } else { ask(); }
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(active - 1);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        choose(items[active]);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
    // A tap on a suggestion must not blur the box first (that would close the list).
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  Array.prototype.forEach.call(document.querySelectorAll("input[data-unit-picker]"), setUp);
}());
