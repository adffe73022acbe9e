/* Sends the chosen archive in chunks to the resumable upload endpoints (chunked_upload.js),
   resuming after a network error, then submits the form with the session's id instead of
   the file. Without this script the archive goes with the form. */
(function () {
    "use strict";
    const form = document.querySelector("[data-bulk-import]");
    const input = form && form.querySelector("input[type=file][name=package]");
    if (!form || !input || !window.fetch || !window.LantoaUploads) {
        return;
    }
    const { ChunkedUpload, format } = window.LantoaUploads;
    const config = JSON.parse(document.getElementById("library-bulk-import-config").textContent);
    const text = JSON.parse(document.getElementById("library-bulk-import-messages").textContent);
    const progressBox = form.querySelector("[data-bulk-progress]");
    const progress = progressBox.querySelector("progress");
    const status = form.querySelector("[data-bulk-status]");
    const submit = form.querySelector("[data-bulk-submit]");

    form.addEventListener("submit", async (event) => {
        const file = input.files && input.files[0];
        if (!file) {
            return;
        }
        event.preventDefault();
        submit.disabled = true;
        progressBox.hidden = false;
        const sender = new ChunkedUpload(file, {
            sessionsUrl: config.sessionsUrl,
            chunkBytes: config.chunkBytes,
            retries: config.retries,
            csrfToken: form.querySelector("[name=csrfmiddlewaretoken]").value,
            onProgress: (percent) => {
                progress.value = percent;
                status.textContent = format(text.uploading, {percent});
            },
            onRetry: (seconds) => {
                status.textContent = format(text.retrying, {seconds});
            },
        });
        try {
            form.querySelector("[name=upload_session]").value = await sender.run(
                (session) => session.id,
            );
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
