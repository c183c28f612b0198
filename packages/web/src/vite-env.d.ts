/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The API's origin in the cloud (e.g. https://api.pactly.app); unset locally, where the API shares the origin. */
  readonly VITE_API_URL?: string;
}
