// S3Blob on the S3 emulator passes the BlobStore contract, presigned URLs included.

import { blobContract } from "../helpers/blob-contract.js";
import { testPlatform } from "../helpers/platform.js";

blobContract("S3Blob on the S3 emulator", async () => (await testPlatform()).platform.blob);
