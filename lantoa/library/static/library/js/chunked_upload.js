/*
 * One file sent to the resumable upload endpoints (lantoa/library/upload_views.py), shared by
 * the upload screen (upload.js) and the bulk import (bulk_import.js).
 *
 * `new ChunkedUpload(file, options).run(afterSent)` opens a session (name, size), sends chunks
 * of options.chunkBytes with a Content-Range header, then calls afterSent(session). After a
 * network error it asks the session how many bytes arrived and continues from there, retrying
 * options.retries times with growing pauses (options.onRetry(seconds) is told), then throws
 * Stalled; calling run() again resumes. A refusal (wrong type, too large, duplicate...) throws
 * Refused with the server's reason and is not retried.
 */
(function () {
  "use strict";

  class Refused extends Error {}
  class Stalled extends Error {}

  function pause(seconds) {
    return new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  }

  function format(message, values) {
    return message.replace(/%\((\w+)\)s/g, (_match, name) => String(values[name])).replace("%%", "%");
  }

  async function callJson(csrfToken, method, url, body) {
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

  function refusalOrStall(answer) {
    if (answer.status >= 400 && answer.status < 500 && answer.data.error) {
      return new Refused(answer.data.error);
    }
    return new Stalled(String(answer.status));
  }

  class ChunkedUpload {
    constructor(file, options) {
      this.file = file;
      this.options = options;
      this.session = null;
      this.offset = 0;
      this.interrupted = false;
      this.cancelled = false;
      this.request = null;
    }

    call(method, url, body) {
      return callJson(this.options.csrfToken, method, url, body);
    }

    async open() {
      const body = new FormData();
      body.append("filename", this.file.name);
      body.append("size", String(this.file.size));
      const answer = await this.call("POST", this.options.sessionsUrl, body);
      if (!answer.ok) {
        throw refusalOrStall(answer);
      }
      this.session = answer.data;
      this.offset = answer.data.received || 0;
    }

    /* One chunk through XMLHttpRequest, for the progress of its bytes. */
    sendChunk(start, end) {
      return new Promise((resolve, reject) => {
        const request = new XMLHttpRequest();
        request.open("PUT", this.session.urls.chunk);
        request.setRequestHeader("X-CSRFToken", this.options.csrfToken);
        request.setRequestHeader("Content-Type", "application/octet-stream");
        request.setRequestHeader("Content-Range", `bytes ${start}-${end - 1}/${this.file.size}`);
        request.upload.addEventListener("progress", (event) => this.progress(start + event.loaded));
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
        this.request = request;
        request.send(this.file.slice(start, end));
      });
    }

    progress(sent) {
      if (this.options.onProgress) {
        const percent = this.file.size ? Math.floor((sent / this.file.size) * 100) : 100;
        this.options.onProgress(percent);
      }
    }

    async sendAll() {
      while (this.offset < this.file.size) {
        const end = Math.min(this.offset + this.options.chunkBytes, this.file.size);
        const answer = await this.sendChunk(this.offset, end);
        if (answer.ok || answer.status === 409 || answer.status === 416) {
          this.offset = answer.data.received;
        } else if (answer.status === 400 && typeof answer.data.received === "number") {
          this.offset = answer.data.received; // the chunk arrived in part: go on after it
        } else {
          throw refusalOrStall(answer);
        }
        this.progress(this.offset);
      }
    }

    async resume() {
      const answer = await this.call("GET", this.session.urls.status);
      if (answer.status === 404) {
        this.session = null; // expired or cleaned up: start again
        return;
      }
      if (!answer.ok) {
        throw new Stalled(String(answer.status));
      }
      this.offset = answer.data.received;
    }

    /* Finish the session with the form's fields; the server's answer (201) or a refusal. */
    async finish(body) {
      const answer = await this.call("POST", this.session.urls.finish, body);
      if (answer.status === 201) {
        return answer.data;
      }
      throw refusalOrStall(answer);
    }

    async run(afterSent) {
      let attempts = 0;
      let offsetAtFailure = this.offset;
      for (;;) {
        try {
          if (this.session && this.interrupted) {
            await this.resume();
          }
          if (!this.session) {
            await this.open();
          }
          this.interrupted = false;
          await this.sendAll();
          return await afterSent(this.session);
        } catch (error) {
          if (this.cancelled || error instanceof Refused) {
            throw error;
          }
          this.interrupted = true;
          if (this.offset > offsetAtFailure) {
            attempts = 0; // it got further since the last failure
          }
          offsetAtFailure = this.offset;
          attempts += 1;
          if (attempts > this.options.retries) {
            throw error instanceof Stalled ? error : new Stalled(error.message);
          }
          const seconds = Math.min(2 ** (attempts - 1), 30);
          if (this.options.onRetry) {
            this.options.onRetry(seconds);
          }
          await pause(seconds);
          if (this.cancelled) {
            throw new Stalled("cancelled");
          }
        }
      }
    }

    async cancel() {
      this.cancelled = true;
      if (this.request) {
        this.request.abort();
      }
      if (this.session) {
        await this.call("DELETE", this.session.urls.status).catch(() => {});
        this.session = null;
      }
    }
  }

  window.LantoaUploads = { ChunkedUpload, Refused, Stalled, format };
})();
