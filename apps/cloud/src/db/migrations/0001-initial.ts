import { type Kysely, sql } from "kysely";

/** The first schema. Migrations only ever move forward: a later change is a new file, never an edit here. */
const statements = [
  `create table users (
    id text primary key,
    email text not null unique,
    name text not null,
    password_hash text not null,
    created_at timestamptz not null default now()
  )`,
  `create table workspaces (
    id text primary key,
    name text not null,
    config_revision bigint not null default 0,
    members_revision bigint not null default 0,
    keys_revision bigint not null default 0,
    name_revision bigint not null default 0,
    event_seq bigint not null default 0,
    data_key_wrapped bytea,
    data_key_master_id text,
    created_at timestamptz not null default now()
  )`,
  `create table memberships (
    workspace_id text not null references workspaces(id) on delete cascade,
    user_id text not null references users(id) on delete cascade,
    role text not null check (role in ('owner', 'admin', 'member')),
    joined_at timestamptz not null default now(),
    primary key (workspace_id, user_id)
  )`,
  `create index memberships_user on memberships(user_id)`,
  `create table instances (
    id text primary key,
    workspace_id text not null references workspaces(id) on delete cascade,
    user_id text not null references users(id) on delete cascade,
    name text not null,
    platform text not null,
    presence text not null default 'offline' check (presence in ('connected', 'stale', 'offline')),
    last_seen_at timestamptz,
    config_revision bigint,
    created_at timestamptz not null default now(),
    revoked_at timestamptz
  )`,
  `create index instances_workspace on instances(workspace_id)`,
  `-- A session family: every refresh token rotated from one sign-in (or one device approval).
  create table session_families (
    id text primary key,
    user_id text not null references users(id) on delete cascade,
    instance_id text references instances(id) on delete cascade,
    created_at timestamptz not null default now(),
    revoked_at timestamptz,
    revoked_reason text
  )`,
  `create index session_families_user on session_families(user_id)`,
  `create table refresh_tokens (
    token_hash text primary key,
    family_id text not null references session_families(id) on delete cascade,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    used_at timestamptz
  )`,
  `create index refresh_tokens_family on refresh_tokens(family_id)`,
  `create table access_tokens (
    token_hash text primary key,
    family_id text not null references session_families(id) on delete cascade,
    user_id text not null references users(id) on delete cascade,
    instance_id text references instances(id) on delete cascade,
    expires_at timestamptz not null
  )`,
  `create index access_tokens_family on access_tokens(family_id)`,
  `create index access_tokens_expiry on access_tokens(expires_at)`,
  `create table device_codes (
    device_code_hash text primary key,
    user_code text not null unique,
    instance_name text not null,
    platform text not null,
    interval_seconds integer not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    last_polled_at timestamptz,
    approved_by text references users(id) on delete cascade,
    workspace_id text references workspaces(id) on delete cascade,
    denied boolean not null default false,
    consumed_at timestamptz
  )`,
  `create table invitations (
    id text primary key,
    workspace_id text not null references workspaces(id) on delete cascade,
    token_hash text not null unique,
    role text not null check (role in ('owner', 'admin', 'member')),
    created_by text not null references users(id) on delete cascade,
    expires_at timestamptz not null,
    accepted_by text references users(id) on delete set null,
    accepted_at timestamptz,
    revoked_at timestamptz,
    created_at timestamptz not null default now()
  )`,
  `create index invitations_workspace on invitations(workspace_id)`,
  `create table agents (
    id text primary key,
    workspace_id text not null references workspaces(id) on delete cascade,
    name text not null,
    instructions text not null,
    provider text not null,
    model text not null,
    tool_policy jsonb not null,
    mcp_servers jsonb not null,
    revision bigint not null,
    created_by text not null references users(id),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create index agents_workspace_revision on agents(workspace_id, revision)`,
  `create table agent_tombstones (
    workspace_id text not null references workspaces(id) on delete cascade,
    agent_id text not null,
    revision bigint not null,
    primary key (workspace_id, agent_id)
  )`,
  `-- Provider keys: AES-256-GCM under the workspace's data key; the associated data binds each ciphertext to
  -- its workspace, provider and key version. last_four is kept in clear for listings.
  create table provider_keys (
    workspace_id text not null references workspaces(id) on delete cascade,
    provider text not null,
    key_version integer not null,
    ciphertext bytea not null,
    last_four text not null,
    base_url text,
    updated_by text not null references users(id),
    updated_at timestamptz not null default now(),
    primary key (workspace_id, provider)
  )`,
  `create table tasks (
    id text primary key,
    workspace_id text not null references workspaces(id) on delete cascade,
    title text not null,
    assignee_agent_id text,
    state text not null,
    failure_code text,
    created_by text not null references users(id),
    assigned_by text references users(id),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    assigned_at timestamptz,
    started_at timestamptz,
    finished_at timestamptz,
    version integer not null default 1
  )`,
  `create index tasks_workspace_created on tasks(workspace_id, created_at desc, id desc)`,
  `create table idempotency_keys (
    user_id text not null references users(id) on delete cascade,
    scope text not null,
    key text not null,
    request_hash text not null,
    status integer not null,
    body jsonb,
    created_at timestamptz not null default now(),
    primary key (user_id, scope, key)
  )`,
  `create index idempotency_keys_created on idempotency_keys(created_at)`,
  `-- The event log: numbered per workspace, stored as the exact frame sent, so a replay is byte-identical.
  create table events (
    workspace_id text not null references workspaces(id) on delete cascade,
    seq bigint not null,
    frame text not null,
    created_at timestamptz not null default now(),
    primary key (workspace_id, seq)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement at a time: PGlite's extended protocol takes a single statement per query.
  for (const statement of statements) await sql.raw(statement).execute(db);
}
