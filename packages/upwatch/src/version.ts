/** The product's version, reported by the CLI, the API and in the probe's User-Agent. */
export const VERSION = '0.1.0';
