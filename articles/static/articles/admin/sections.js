/*
 * Section and FAQ editing in the article admin: move up or down, insert below, collapse.
 * Editors never type position numbers: the hidden position fields follow the order on screen
 * when the form is submitted. Every control is a real button (keyboard and screen readers);
 * moves are announced in a polite live region. Without this script the form still saves, and
 * new sections go last.
 */
(function () {
  "use strict";

  var GROUP = ".document-children";
  var status;

  function rows(group) {
    return Array.prototype.filter.call(
      group.querySelectorAll(".inline-related"),
      function (row) { return !row.classList.contains("empty-form") && row.id.indexOf("-empty") === -1; }
    );
  }

  function titleOf(row) {
    var input = row.querySelector(".field-heading input, .field-question input");
    var value = input && input.value.trim();
    return value || "untitled";
  }

  function announce(text) {
    if (status) {
      status.textContent = "";
      window.setTimeout(function () { status.textContent = text; }, 50);
    }
  }

  function renumber(group) {
    rows(group).forEach(function (row, index) {
      var position = row.querySelector("input.child-position");
      if (position) { position.value = String(index + 1); }
    });
  }

  function button(label, action, row) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "button child-tools__" + action;
    b.dataset.action = action;
    b.textContent = label;
    b.setAttribute("aria-label", label + ": " + titleOf(row));
    return b;
  }

  function addTools(group, row) {
    if (row.querySelector(".child-tools")) { return; }
    var noun = group.id.indexOf("faq") === 0 ? "question" : "section";
    var tools = document.createElement("div");
    tools.className = "child-tools";
    tools.appendChild(button("Move up", "up", row));
    tools.appendChild(button("Move down", "down", row));
    tools.appendChild(button("Insert " + noun + " below", "insert", row));
    tools.appendChild(button("Collapse", "collapse", row));
    var heading = row.querySelector("h3");
    heading.parentNode.insertBefore(tools, heading.nextSibling);
    var body = row.querySelector(".field-body textarea, .field-answer textarea");
    if (body && body.value.length > 2500) { toggle(row, true); }
  }

  function toggle(row, collapse) {
    var collapsed = collapse === undefined ? !row.classList.contains("is-collapsed") : collapse;
    row.classList.toggle("is-collapsed", collapsed);
    var b = row.querySelector(".child-tools__collapse");
    if (b) {
      b.textContent = collapsed ? "Expand" : "Collapse";
      b.setAttribute("aria-expanded", collapsed ? "false" : "true");
      b.setAttribute("aria-label", b.textContent + ": " + titleOf(row));
    }
  }

  function move(group, row, direction) {
    var list = rows(group);
    var index = list.indexOf(row);
    var target = list[index + direction];
    if (!target) {
      announce("“" + titleOf(row) + "” is already " + (direction < 0 ? "first." : "last."));
      return;
    }
    if (direction < 0) { target.parentNode.insertBefore(row, target); }
    else { target.parentNode.insertBefore(row, target.nextSibling); }
    renumber(group);
    row.querySelector(".child-tools__" + (direction < 0 ? "up" : "down")).focus();
    announce("Moved “" + titleOf(row) + "” to position " + (index + direction + 1) + " of " + list.length + ".");
  }

  var pendingInsert = null;

  function insertBelow(group, row) {
    var add = group.querySelector(".add-row a");
    if (!add) { return; }
    pendingInsert = row;
    add.click();
  }

  function setUp(group) {
    rows(group).forEach(function (row) { addTools(group, row); });
    var bar = document.createElement("div");
    bar.className = "child-tools child-tools--all";
    var collapseAll = document.createElement("button");
    collapseAll.type = "button";
    collapseAll.className = "button";
    collapseAll.textContent = "Collapse all";
    collapseAll.addEventListener("click", function () {
      var all = rows(group);
      var collapse = all.some(function (row) { return !row.classList.contains("is-collapsed"); });
      all.forEach(function (row) { toggle(row, collapse); });
      collapseAll.textContent = collapse ? "Expand all" : "Collapse all";
    });
    bar.appendChild(collapseAll);
    var heading = group.querySelector("h2");
    heading.parentNode.insertBefore(bar, heading.nextSibling);

    group.addEventListener("click", function (event) {
      var b = event.target.closest(".child-tools button[data-action]");
      if (!b) { return; }
      var row = b.closest(".inline-related");
      var action = b.dataset.action;
      if (action === "up") { move(group, row, -1); }
      else if (action === "down") { move(group, row, 1); }
      else if (action === "insert") { insertBelow(group, row); }
      else if (action === "collapse") { toggle(row); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var groups = document.querySelectorAll(GROUP);
    if (!groups.length) { return; }
    status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    document.body.appendChild(status);
    Array.prototype.forEach.call(groups, function (fieldset) {
      setUp(fieldset.closest(".inline-group") || fieldset);
    });
    document.addEventListener("formset:added", function (event) {
      var row = event.target;
      var group = row.closest(".inline-group");
      if (!group || !group.querySelector(GROUP) && !group.matches(GROUP)) { return; }
      addTools(group, row);
      if (pendingInsert && pendingInsert.parentNode === row.parentNode) {
        row.parentNode.insertBefore(row, pendingInsert.nextSibling);
        announce("New entry inserted below “" + titleOf(pendingInsert) + "”.");
      }
      pendingInsert = null;
      renumber(group);
      var first = row.querySelector("input:not([type=hidden]), textarea");
      if (first) { first.focus(); }
    });
    // A poll made from a section's "+" (a pop-up) starts with the article's film.
    function pollLinksFollowTheFilm() {
      var film = document.getElementById("id_film");
      var value = film ? film.value : "";
      Array.prototype.forEach.call(document.querySelectorAll("a.add-related[id^='add_id_sections-']"), function (link) {
        var url = new URL(link.getAttribute("href"), window.location.href);
        if (value) { url.searchParams.set("film", value); } else { url.searchParams.delete("film"); }
        link.setAttribute("href", url.pathname + url.search);
      });
    }
    pollLinksFollowTheFilm();
    var filmField = document.getElementById("id_film");
    if (filmField) {
      filmField.addEventListener("change", pollLinksFollowTheFilm);
      if (window.django && window.django.jQuery) { window.django.jQuery(filmField).on("change", pollLinksFollowTheFilm); }
    }
    document.addEventListener("formset:added", pollLinksFollowTheFilm);

    var form = document.getElementById("article_form");
    if (form) {
      form.addEventListener("submit", function () {
        Array.prototype.forEach.call(groups, function (fieldset) {
          renumber(fieldset.closest(".inline-group") || fieldset);
        });
      });
    }
  });
})();
