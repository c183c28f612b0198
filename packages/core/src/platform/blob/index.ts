export * from "./port.js";
export { S3Blob } from "./s3.js";
