/**
 * The database schema: the register (who takes part, and the strategy they work to), the engine's
 * records of cycles and their work, the lägesrapport, and what goes out (mail, audit, links,
 * sessions). drizzle-kit reads this file.
 */
export * from './tables/register';
export * from './tables/engine';
export * from './tables/report';
export * from './tables/messages';
export * from './tables/forms';
