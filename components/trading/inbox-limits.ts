/** How many proposals the inbox asks for (pending, working and filled ones); shared so the nav reuses the query. */
export const INBOX_LIMIT = 200;
/** How many of the latest proposals the inbox reads for its "recent" list. */
export const RECENT_LIMIT = 40;
