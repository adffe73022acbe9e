/*
 * The upload screen: several files, each sent in chunks to the resumable upload endpoints
 * (chunked_upload.js), one file after another, then finished with the shared fields of the
 * form. After the retries of a network error the row offers "Continue" (resumes where the
 * server's bytes end) and "Cancel"; a refusal (wrong type, too large, duplicate...) is shown
 * with the server's reason and is not retried.
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
      const item = { file, row, progress, status, actions, state: "waiting", sender: null };
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

  /* --- talking to the server (chunked_upload.js) --- */

  const { ChunkedUpload, Refused, format } = window.LantoaUploads;

  function showProgress(item, percent) {
    item.progress.hidden = false;
    item.progress.value = percent;
    show(item, format(text.uploading, { percent }));
  }

  function finish(item, sender) {
    show(item, text.checking);
    const body = new FormData(form);
    body.delete("files");
    return sender.finish(body);
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
        runQueue();
      }),
      button(text.cancel, () => cancel(item)),
    );
  }

  async function cancel(item) {
    item.state = "cancelled";
    if (item.sender) {
      await item.sender.cancel();
    }
    item.progress.hidden = true;
    show(item, text.cancelled);
    setActions(item);
  }

  async function upload(item) {
    item.state = "uploading";
    setActions(item, button(text.cancel, () => cancel(item)));
    item.sender =
      item.sender ||
      new ChunkedUpload(item.file, {
        sessionsUrl: config.sessionsUrl,
        chunkBytes: config.chunkBytes,
        retries: config.retries,
        csrfToken,
        onProgress: (percent) => showProgress(item, percent),
        onRetry: (seconds) => show(item, format(text.retrying, { seconds }), "error"),
      });
    try {
      showDone(item, await item.sender.run(() => finish(item, item.sender)));
    } catch (error) {
      if (item.state === "cancelled") {
        return;
      }
      if (error instanceof Refused) {
        showRefused(item, error.message);
      } else {
        showStalled(item);
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
