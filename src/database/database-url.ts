/** The database URL the process resolved at start (a real server or the embedded one). */
export const DATABASE_URL = Symbol('DATABASE_URL');
