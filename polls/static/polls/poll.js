/* Audience polls: vote in place and show live results without a reload.
 *
 * Progressive enhancement only: every poll is a plain <form> that works without this script
 * (POST, then a 303 back to the page). The page around the poll may come from a shared cache, so
 * on load each poll asks /polls/<slug>/results.json whether this browser has voted and swaps the
 * form for the results. Votes are sent with fetch (same origin, so the browser adds the Origin
 * header the server checks) and Accept: application/json. No inline script, no framework.
 */
(function () {
  "use strict";
  if (window.filmsitePolls) {
    return; // each embed includes this file; run once per page
  }
  window.filmsitePolls = true;

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  function formatPercent(value) {
    return String(Math.round(value * 100) / 100);
  }

  function setStatus(poll, message) {
    var status = poll.querySelector(".poll__status");
    if (status) {
      status.textContent = message || "";
    }
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  /* The survey's key and attribution are only in the page once results may be shown. */
  function addReference(poll, reference) {
    var results = poll.querySelector(".poll__results");
    if (!reference || results.querySelector(".poll__source")) {
      return;
    }
    var key = el("p", "poll__key");
    [["readers", "Our readers"], ["reference", reference.source]].forEach(function (item, i) {
      var entry = el("span", "poll__key-item");
      entry.appendChild(el("span", "poll__swatch poll__swatch--" + item[0]));
      entry.appendChild(document.createTextNode(item[1]));
      if (i) {
        key.appendChild(document.createTextNode(" "));
      }
      key.appendChild(entry);
    });
    results.insertBefore(key, results.firstChild);
    var source = el("p", "poll__source", "Source: ");
    if (reference.url && /^https?:\/\//.test(reference.url)) {
      var link = el("a", "", reference.source);
      link.href = reference.url;
      link.rel = "noopener";
      source.appendChild(link);
    } else {
      source.appendChild(document.createTextNode(reference.source));
    }
    var tail = reference.sample_size ? " (" + reference.sample_size + " respondents)" : "";
    source.appendChild(document.createTextNode(tail + ", shown beside our readers' votes."));
    results.appendChild(source);
  }

  function fill(poll, data) {
    addReference(poll, data.reference);
    data.choices.forEach(function (choice) {
      var row = poll.querySelector('.poll__result[data-choice-id="' + choice.id + '"]');
      if (!row || choice.votes === null) {
        return;
      }
      row.querySelector(".poll__figures").textContent =
        choice.percent + "% \u00b7 " + plural(choice.votes, "vote");
      row.querySelector(".poll__bar:not(.poll__bar--reference) .poll__fill").style.width =
        choice.percent + "%";
      var referenceFill = row.querySelector(".poll__bar--reference .poll__fill");
      var referenceText = row.querySelector(".poll__reference");
      if (referenceFill && data.reference && choice.reference_percent !== null) {
        referenceFill.style.width = choice.reference_percent + "%";
        referenceText.textContent =
          data.reference.source + ": " + formatPercent(choice.reference_percent) + "%";
      }
    });
    var total = poll.querySelector(".poll__total-count");
    if (total) {
      total.textContent = String(data.total);
      poll.querySelector(".poll__total-plural").textContent = data.total === 1 ? "" : "s";
    }
  }

  /* Show what this reader may see: the form while they can vote, results when allowed. */
  function render(poll, data) {
    var form = poll.querySelector(".poll__form");
    var question = poll.querySelector(".poll__question");
    var results = poll.querySelector(".poll__results");
    var note = poll.querySelector(".poll__hidden-note");
    var link = poll.querySelector(".poll__results-link");
    var canVote = data.open && !data.voted;
    var showResults =
      data.results_visible && (data.voted || !data.open || poll.dataset.visibility === "always");

    if (form && !canVote) {
      form.hidden = true;
      if (question) {
        question.hidden = false;
      }
    }
    if (showResults) {
      fill(poll, data);
    }
    results.hidden = !showResults;
    if (link) {
      link.hidden = showResults;
    }
    if (!data.results_visible && data.message) {
      if (!note) {
        note = document.createElement("p");
        note.className = "poll__hidden-note";
        results.insertAdjacentElement("afterend", note);
      }
      note.textContent = data.message;
      note.hidden = false;
    } else if (note) {
      note.hidden = true;
    }
  }

  function load(poll) {
    return fetch(poll.dataset.resultsUrl, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        // A vote sent meanwhile has the newer answer; an older "not voted yet" must not undo it.
        if (!data || poll.dataset.voteSent) {
          return;
        }
        render(poll, data);
        if (data.voted && !poll.querySelector(".poll__status").textContent) {
          setStatus(poll, "You have voted in this poll.");
        }
      })
      .catch(function () {
        /* The form still works; nothing to do. */
      });
  }

  function submit(poll, form, event) {
    event.preventDefault();
    if (form.dataset.busy) {
      return;
    }
    var button = form.querySelector(".poll__submit");
    form.dataset.busy = "1";
    poll.dataset.voteSent = "1";
    button.disabled = true;
    setStatus(poll, "Sending your vote\u2026");
    fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().catch(function () {
          return {
            ok: false,
            message: "Your vote could not be sent (error " + response.status + "). Please try again.",
          };
        });
      })
      .then(function (data) {
        if (data.results) {
          render(poll, data.results);
        }
        var message = data.message || "";
        if (data.results && !data.results.results_visible && data.results.message) {
          message += " " + data.results.message;
        }
        setStatus(poll, message);
      })
      .catch(function () {
        setStatus(poll, "Your vote could not be sent. Check your connection and try again.");
      })
      .finally(function () {
        delete form.dataset.busy;
        button.disabled = false;
      });
  }

  document.querySelectorAll(".poll[data-poll]").forEach(function (poll) {
    if (poll.dataset.enhanced) {
      return;
    }
    poll.dataset.enhanced = "true";
    var form = poll.querySelector(".poll__form");
    if (form) {
      form.addEventListener("submit", function (event) {
        submit(poll, form, event);
      });
    }
    load(poll);
  });
})();
