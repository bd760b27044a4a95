/** The Logger type and the console and silent loggers live in @faceforge/packs (the registry client logs through them). */
export { consoleLogger, silentLogger, type Logger } from '@faceforge/packs/logger';
