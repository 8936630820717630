/** Kept for imports that predate src/urls: the paths live in src/urls/service-paths.ts. */
export { callbackPaths } from '../urls/service-paths';
