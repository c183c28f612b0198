// The one zod every schema in core is built with, extended with OpenAPI metadata (`.openapi("Name")`).
// Extending here, before any schema exists, matters: zod 4 copies prototype methods onto each schema
// when it is created, so a schema made before the extension would never get `.openapi()`.
import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { plainIssueMessage } from "./issue-messages.js";

extendZodWithOpenApi(z);

z.config({ customError: (issue) => plainIssueMessage(issue as Parameters<typeof plainIssueMessage>[0]) });

export { plainIssueMessage, z };
