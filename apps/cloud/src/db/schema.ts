import type { ColumnType, Generated, Selectable } from "kysely";

/* Row types of the Cloud's tables, as Kysely sees them. The SQL lives in migrations/. */

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** bigint columns: both drivers are set up to return them as numbers (our counters stay far below 2^53). */
type BigIntColumn = ColumnType<number, number | undefined, number>;
type Json<T> = ColumnType<T, string, string>;

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: CreatedAt;
}

export interface WorkspacesTable {
  id: string;
  name: string;
  config_revision: BigIntColumn;
  members_revision: BigIntColumn;
  keys_revision: BigIntColumn;
  name_revision: BigIntColumn;
  event_seq: BigIntColumn;
  data_key_wrapped: ColumnType<Uint8Array | null, Uint8Array | null | undefined, Uint8Array | null>;
  data_key_master_id: string | null;
  created_at: CreatedAt;
}

export interface MembershipsTable {
  workspace_id: string;
  user_id: string;
  role: "owner" | "admin" | "member";
  joined_at: CreatedAt;
}

export interface InstancesTable {
  id: string;
  workspace_id: string;
  user_id: string;
  name: string;
  platform: string;
  presence: ColumnType<"connected" | "stale" | "offline", "connected" | "stale" | "offline" | undefined>;
  last_seen_at: NullableTimestamp;
  config_revision: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: CreatedAt;
  revoked_at: NullableTimestamp;
}

export interface SessionFamiliesTable {
  id: string;
  user_id: string;
  instance_id: string | null;
  created_at: CreatedAt;
  revoked_at: NullableTimestamp;
  revoked_reason: string | null;
}

export interface RefreshTokensTable {
  token_hash: string;
  family_id: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface AccessTokensTable {
  token_hash: string;
  family_id: string;
  user_id: string;
  instance_id: string | null;
  expires_at: Timestamp;
}

export interface DeviceCodesTable {
  device_code_hash: string;
  user_code: string;
  instance_name: string;
  platform: string;
  interval_seconds: number;
  created_at: CreatedAt;
  expires_at: Timestamp;
  last_polled_at: NullableTimestamp;
  approved_by: string | null;
  workspace_id: string | null;
  denied: Generated<boolean>;
  consumed_at: NullableTimestamp;
}

export interface InvitationsTable {
  id: string;
  workspace_id: string;
  token_hash: string;
  role: "owner" | "admin" | "member";
  created_by: string;
  expires_at: Timestamp;
  accepted_by: string | null;
  accepted_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
  created_at: CreatedAt;
}

export interface AgentsTable {
  id: string;
  workspace_id: string;
  name: string;
  instructions: string;
  provider: string;
  model: string;
  tool_policy: Json<{ requireApproval: string[]; deny: string[] }>;
  mcp_servers: Json<Record<string, unknown>>;
  revision: BigIntColumn;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface AgentTombstonesTable {
  workspace_id: string;
  agent_id: string;
  revision: BigIntColumn;
}

export interface ProviderKeysTable {
  workspace_id: string;
  provider: string;
  key_version: number;
  ciphertext: Uint8Array;
  last_four: string;
  base_url: string | null;
  updated_by: string;
  updated_at: Timestamp;
}

export interface TasksTable {
  id: string;
  workspace_id: string;
  title: string;
  assignee_agent_id: string | null;
  /** Added by 0002-task-instance; null: any gateway that runs the agent. */
  instance_id: ColumnType<string | null, string | null | undefined, string | null>;
  state: string;
  failure_code: string | null;
  created_by: string;
  assigned_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  assigned_at: NullableTimestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface IdempotencyKeysTable {
  user_id: string;
  scope: string;
  key: string;
  request_hash: string;
  status: number;
  body: ColumnType<unknown, string | null, string | null>;
  created_at: CreatedAt;
}

export interface EventsTable {
  workspace_id: string;
  seq: BigIntColumn;
  frame: string;
  created_at: CreatedAt;
}

export interface CloudDatabase {
  users: UsersTable;
  workspaces: WorkspacesTable;
  memberships: MembershipsTable;
  instances: InstancesTable;
  session_families: SessionFamiliesTable;
  refresh_tokens: RefreshTokensTable;
  access_tokens: AccessTokensTable;
  device_codes: DeviceCodesTable;
  invitations: InvitationsTable;
  agents: AgentsTable;
  agent_tombstones: AgentTombstonesTable;
  provider_keys: ProviderKeysTable;
  tasks: TasksTable;
  idempotency_keys: IdempotencyKeysTable;
  events: EventsTable;
}

export type UserRow = Selectable<UsersTable>;
export type AgentRow = Selectable<AgentsTable>;
export type TaskRow = Selectable<TasksTable>;
export type InstanceRow = Selectable<InstancesTable>;
