/** Where faceforge's messages go (core, packs, the registry client). The CLI passes one that shares the terminal with the progress bar. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export const consoleLogger: Logger = {
  info: (message) => console.log(message),
  warn: (message) => console.warn(`warning: ${message}`),
};

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined };
