-- Publishing, metadata and analytics (SPEC.md P). Every codeSpace, open or owned, may have a row here.
CREATE TABLE codespace_meta (
  name TEXT PRIMARY KEY,
  title TEXT,
  description TEXT,
  -- The first edit seen (a fork: the fork's own creation).
  created_at INTEGER,
  edited_at INTEGER,
  forked_from TEXT,
  -- What `/p/{name}` serves (the R2 page live-cms/{name} points at my-cms/{published_archive}); NULL: unpublished.
  published_version INTEGER,
  published_archive TEXT,
  published_at INTEGER
);

-- Per codeSpace per UTC day (`YYYY-MM-DD`), written in batches by the codeSpace's Durable Object.
CREATE TABLE codespace_daily (
  name TEXT NOT NULL,
  day TEXT NOT NULL,
  editor_views INTEGER NOT NULL DEFAULT 0,
  preview_views INTEGER NOT NULL DEFAULT 0,
  page_views INTEGER NOT NULL DEFAULT 0,
  edits INTEGER NOT NULL DEFAULT 0,
  versions INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (name, day)
);

-- Distinct editors a day: a signed-in editor's user id (`u:<id>`), else the random id of the socket that typed
-- (`s:<id>`) or `anonymous` for anonymous REST and MCP writes. Nothing else about a person is kept.
CREATE TABLE codespace_editors (
  name TEXT NOT NULL,
  day TEXT NOT NULL,
  editor TEXT NOT NULL,
  PRIMARY KEY (name, day, editor)
);
