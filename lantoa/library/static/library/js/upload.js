/*
 * The upload screen: several files, each sent in chunks to the resumable upload endpoints
 * (lantoa/library/upload_views.py), one file after another.
 *
 * For each file: open a session (name, size), send chunks of config.chunkBytes with a
 * Content-Range header, then finish the session with the shared fields of the form. After a
 * network error the page asks the session how many bytes arrived and continues from there,
 * retrying a few times with growing pauses, then offers a "Continue" button. A refusal (wrong
 * type, too large, duplicate...) is shown with the server's reason and is not retried.
 */
(function () {
  "use strict";

  const form = document.querySelector("[data-library-upload]");
  if (!form) {
    return;
  }
  const config = JSON.parse(document.getElementById("library-upload-config").textContent);
  const text = JSON.parse(document.getElementById("library-upload-messages").textContent);
  const csrfToken = form.querySelector("[name=csrfmiddlewaretoken]").value;
  const list = form.querySelector("[data-upload-list]");
  const input = form.querySelector("[data-file-input]");
  const dropZone = form.querySelector("[data-drop-zone]");
  const startButton = form.querySelector("[data-start]");
  const items = [];
  let running = false;

  function format(message, values) {
    return message.replace(/%\((\w+)\)s/g, (_match, name) => String(values[name])).replace("%%", "%");
  }

  function sizeLabel(bytes) {
    const units = ["B", "KB", "MB", "GB"];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit += 1;
    }
    return `${value.toLocaleString("vi-VN", { maximumFractionDigits: 1 })} ${units[unit]}`;
  }

  function element(tag, className, content) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (content !== undefined) {
      node.textContent = content;
    }
    return node;
  }

  function button(label, onClick) {
    const node = element("button", "button button-small button-secondary", label);
    node.type = "button";
    node.addEventListener("click", onClick);
    return node;
  }

  /* --- the list of files --- */

  function addFiles(files) {
    for (const file of files) {
      const row = element("li", "library-upload__item");
      row.dataset.uploadItem = "";
      const name = element("div", "library-upload__name", `${file.name} (${sizeLabel(file.size)})`);
      const progress = element("progress");
      progress.max = 100;
      progress.value = 0;
      progress.hidden = true;
      const status = element("div", "library-upload__status", text.waiting);
      status.dataset.uploadStatus = "";
      const actions = element("div", "library-upload__actions");
      row.append(name, progress, status, actions);
      list.append(row);
      const item = { file, row, progress, status, actions, state: "waiting", session: null, offset: 0 };
      actions.append(
        button(text.remove, () => {
          if (item.state === "waiting") {
            item.state = "removed";
            row.remove();
            refreshStartButton();
          }
        }),
      );
      items.push(item);
    }
    refreshStartButton();
  }

  function waitingItems() {
    return items.filter((item) => item.state === "waiting");
  }

  function refreshStartButton() {
    const count = waitingItems().length;
    startButton.hidden = count === 0;
    startButton.disabled = running;
    startButton.textContent = format(text.start, { count });
  }

  function show(item, message, kind) {
    item.status.textContent = message;
    item.status.className = "library-upload__status" + (kind ? ` is-${kind}` : "");
  }

  function setActions(item, ...nodes) {
    item.actions.replaceChildren(...nodes);
  }

  input.addEventListener("change", () => {
    addFiles(input.files);
    input.value = "";
  });
  for (const name of ["dragenter", "dragover"]) {
    dropZone.addEventListener(name, (event) => {
      event.preventDefault();
      dropZone.classList.add("is-over");
    });
  }
  for (const name of ["dragleave", "drop"]) {
    dropZone.addEventListener(name, () => dropZone.classList.remove("is-over"));
  }
  dropZone.addEventListener("drop", (event) => {
    event.preventDefault();
    addFiles(event.dataTransfer.files);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    runQueue();
  });

  /* --- talking to the server --- */

  class Refused extends Error {}
  class Stalled extends Error {}

  async function callJson(method, url, body) {
    let response;
    try {
      response = await fetch(url, {
        method,
        body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken, Accept: "application/json" },
      });
    } catch (error) {
      throw new Stalled(error.message);
    }
    let data = {};
    try {
      data = await response.json();
    } catch (_error) {
      data = {};
    }
    return { status: response.status, ok: response.ok, data };
  }

  /* One chunk through XMLHttpRequest, for the progress of its bytes. */
  function sendChunk(item, start, end) {
    return new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open("PUT", item.session.urls.chunk);
      request.setRequestHeader("X-CSRFToken", csrfToken);
      request.setRequestHeader("Content-Type", "application/octet-stream");
      request.setRequestHeader("Content-Range", `bytes ${start}-${end - 1}/${item.file.size}`);
      request.upload.addEventListener("progress", (event) => {
        showProgress(item, start + event.loaded);
      });
      request.addEventListener("load", () => {
        let data = {};
        try {
          data = JSON.parse(request.responseText);
        } catch (_error) {
          data = {};
        }
        resolve({ status: request.status, ok: request.status >= 200 && request.status < 300, data });
      });
      request.addEventListener("error", () => reject(new Stalled("network")));
      request.addEventListener("abort", () => reject(new Stalled("aborted")));
      request.addEventListener("timeout", () => reject(new Stalled("timeout")));
      item.request = request;
      request.send(item.file.slice(start, end));
    });
  }

  function showProgress(item, sent) {
    const percent = item.file.size ? Math.floor((sent / item.file.size) * 100) : 100;
    item.progress.hidden = false;
    item.progress.value = percent;
    show(item, format(text.uploading, { percent }));
  }

  function pause(seconds) {
    return new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  }

  async function openSession(item) {
    const body = new FormData();
    body.append("filename", item.file.name);
    body.append("size", String(item.file.size));
    const answer = await callJson("POST", config.sessionsUrl, body);
    if (!answer.ok) {
      if (answer.status >= 400 && answer.status < 500 && answer.data.error) {
        throw new Refused(answer.data.error);
      }
      throw new Stalled(String(answer.status));
    }
    item.session = answer.data;
    item.offset = 0;
  }

  async function sendAll(item) {
    while (item.offset < item.file.size) {
      const end = Math.min(item.offset + config.chunkBytes, item.file.size);
      const answer = await sendChunk(item, item.offset, end);
      if (answer.ok || answer.status === 409 || answer.status === 416) {
        item.offset = answer.data.received;
        item.attempts = 0;
      } else if (answer.status === 400 && typeof answer.data.received === "number") {
        item.offset = answer.data.received; // the chunk arrived in part: go on after it
      } else if (answer.status >= 400 && answer.status < 500 && answer.data.error) {
        throw new Refused(answer.data.error);
      } else {
        throw new Stalled(String(answer.status));
      }
      showProgress(item, item.offset);
    }
  }

  async function resumeOffset(item) {
    const answer = await callJson("GET", item.session.urls.status);
    if (answer.status === 404) {
      item.session = null; // expired or cleaned up: start again
      return;
    }
    if (!answer.ok) {
      throw new Stalled(String(answer.status));
    }
    item.offset = answer.data.received;
  }

  async function finish(item) {
    show(item, text.checking);
    const body = new FormData(form);
    body.delete("files");
    const answer = await callJson("POST", item.session.urls.finish, body);
    if (answer.status === 201) {
      return answer.data;
    }
    if (answer.status >= 400 && answer.status < 500 && answer.data.error) {
      throw new Refused(answer.data.error);
    }
    throw new Stalled(String(answer.status));
  }

  function showDone(item, result) {
    item.state = "done";
    item.progress.value = 100;
    show(item, `${text.done} `, "done");
    const asset = result.asset;
    if (asset.edit_url) {
      const link = element("a", "", asset.title);
      link.href = asset.edit_url;
      link.dataset.assetLink = "";
      item.status.append(link);
    } else {
      item.status.append(element("strong", "", asset.title));
    }
    if (result.near_duplicates && result.near_duplicates.length) {
      const similar = element("div", "", `${text.nearDuplicates} `);
      result.near_duplicates.forEach((found, index) => {
        if (index) {
          similar.append(", ");
        }
        const node = found.url ? element("a", "", found.title) : element("span", "", found.title);
        if (found.url) {
          node.href = found.url;
        }
        similar.append(node);
      });
      item.status.append(similar);
    }
    setActions(item);
  }

  function showRefused(item, message) {
    item.state = "refused";
    item.progress.hidden = true;
    show(item, `${text.refused} ${message}`, "error");
    item.status.setAttribute("role", "alert");
    setActions(item);
  }

  function showStalled(item) {
    item.state = "stalled";
    show(item, text.stalled, "error");
    setActions(
      item,
      button(text.resume, () => {
        item.state = "waiting";
        item.attempts = 0;
        runQueue();
      }),
      button(text.cancel, () => cancel(item)),
    );
  }

  async function cancel(item) {
    if (item.request) {
      item.request.abort();
    }
    item.state = "cancelled";
    if (item.session) {
      await callJson("DELETE", item.session.urls.status).catch(() => {});
      item.session = null;
    }
    item.progress.hidden = true;
    show(item, text.cancelled);
    setActions(item);
  }

  async function upload(item) {
    item.state = "uploading";
    item.attempts = item.attempts || 0;
    setActions(item, button(text.cancel, () => cancel(item)));
    for (;;) {
      try {
        if (!item.session) {
          await openSession(item);
        } else if (item.attempts > 0) {
          await resumeOffset(item);
          if (!item.session) {
            continue;
          }
        }
        await sendAll(item);
        const result = await finish(item);
        showDone(item, result);
        return;
      } catch (error) {
        if (item.state === "cancelled") {
          return;
        }
        if (error instanceof Refused) {
          showRefused(item, error.message);
          return;
        }
        item.attempts += 1;
        if (item.attempts > config.retries) {
          showStalled(item);
          return;
        }
        const seconds = Math.min(2 ** (item.attempts - 1), 30);
        show(item, format(text.retrying, { seconds }), "error");
        await pause(seconds);
        if (item.state === "cancelled") {
          return;
        }
      }
    }
  }

  async function runQueue() {
    if (running) {
      return;
    }
    running = true;
    refreshStartButton();
    try {
      let item;
      while ((item = waitingItems()[0])) {
        if (item.file.size === 0) {
          showRefused(item, text.empty);
          continue;
        }
        await upload(item);
      }
    } finally {
      running = false;
      refreshStartButton();
    }
  }
})();
