// Proof of effort straight to storage: a multipart POST under the signed policy, through XMLHttpRequest because
// fetch cannot report upload progress.
import type { Schemas } from "../../api/client";
import { ApiError } from "../../api/errors";

export function uploadProof(form: Schemas["ProofUpload"], file: File, onProgress: (share: number) => void) {
  return new Promise<void>((resolve, reject) => {
    const body = new FormData();
    // The policy's fields first, the file last: storage reads the form in order.
    for (const [name, value] of Object.entries(form.fields)) body.append(name, value);
    body.append("file", file);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.url);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
        return;
      }
      const tooBig = /EntityTooLarge/.test(xhr.responseText);
      reject(
        new ApiError(
          xhr.status,
          "upload.refused",
          tooBig
            ? "The file is larger than 10 MB, so storage refused it."
            : "Storage refused the file. Check it is a photo, a PDF or a text file of at most 10 MB, and try again.",
          null,
        ),
      );
    };
    xhr.onerror = () =>
      reject(
        new ApiError(0, "upload.failed", "The upload did not go through. Check your connection and try again.", null),
      );
    xhr.send(body);
  });
}
