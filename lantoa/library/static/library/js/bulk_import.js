/* Sends the chosen archive in chunks to the resumable upload endpoints (upload_views.py),
   resuming after a network error, then submits the form with the session's id instead of
   the file. Without this script the archive goes with the form. */
(function () {
    "use strict";
    const form = document.querySelector("[data-bulk-import]");
    const input = form && form.querySelector("input[type=file][name=package]");
    if (!form || !input || !window.fetch) {
        return;
    }
    const config = JSON.parse(document.getElementById("library-bulk-import-config").textContent);
    const text = JSON.parse(document.getElementById("library-bulk-import-messages").textContent);
    const csrfToken = form.querySelector("[name=csrfmiddlewaretoken]").value;
    const progressBox = form.querySelector("[data-bulk-progress]");
    const progress = progressBox.querySelector("progress");
    const status = form.querySelector("[data-bulk-status]");
    const submit = form.querySelector("[data-bulk-submit]");
    const format = (message, values) =>
        message.replace(/%\((\w+)\)s/g, (_m, name) => String(values[name])).replace("%%", "%");
    const pause = (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

    async function call(method, url, body, headers) {
        const response = await fetch(url, {
            method, body, credentials: "same-origin",
            headers: Object.assign({"X-CSRFToken": csrfToken, Accept: "application/json"}, headers || {}),
        });
        let data = {};
        try { data = await response.json(); } catch (_error) { data = {}; }
        if (!response.ok) {
            const problem = new Error(data.error || response.statusText);
            problem.refused = response.status < 500 && response.status !== 409;
            problem.received = data.received;
            throw problem;
        }
        return data;
    }

    async function send(file) {
        const body = new FormData();
        body.append("filename", file.name);
        body.append("size", String(file.size));
        const session = await call("POST", config.sessionsUrl, body);
        let offset = session.received || 0;
        let failures = 0;
        while (offset < file.size) {
            const end = Math.min(offset + config.chunkBytes, file.size);
            try {
                const answer = await call("PUT", session.urls.chunk, file.slice(offset, end), {
                    "Content-Type": "application/octet-stream",
                    "Content-Range": `bytes ${offset}-${end - 1}/${file.size}`,
                });
                offset = answer.received;
                failures = 0;
                const percent = Math.floor((offset / file.size) * 100);
                progress.value = percent;
                status.textContent = format(text.uploading, {percent});
            } catch (error) {
                if (error.refused || failures >= config.retries) {
                    throw error;
                }
                failures += 1;
                status.textContent = format(text.retrying, {seconds: 2 * failures});
                await pause(2 * failures);
                try {
                    offset = (await call("GET", session.urls.status)).received;
                } catch (_error) {
                    /* still offline: try the same chunk again */
                }
            }
        }
        return session.id;
    }

    form.addEventListener("submit", async (event) => {
        const file = input.files && input.files[0];
        if (!file) {
            return;
        }
        event.preventDefault();
        submit.disabled = true;
        progressBox.hidden = false;
        try {
            form.querySelector("[name=upload_session]").value = await send(file);
        } catch (error) {
            status.textContent = `${text.failed} ${error.message}`;
            submit.disabled = false;
            return;
        }
        status.textContent = text.checking;
        input.value = "";
        input.disabled = true;
        form.submit();
    });
})();
