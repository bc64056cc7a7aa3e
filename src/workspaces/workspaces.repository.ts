import { Injectable } from '@nestjs/common';

import { Queryable, Sql } from '../database/sql';

/** A workspace row as inserted: only its id comes back. */
export interface WorkspaceIdRow {
  id: string;
}

/** The workspace's survey fatigue cap in days; null when it has none. */
export interface FatigueDaysRow {
  fatigue_days: number | null;
}

/** What a workspace is called, and the name its messages go out under when it set one. */
export interface WorkspaceNamesRow {
  name: string;
  display_name: string | null;
}

/** SQL on the workspaces table. */
@Injectable()
export class WorkspacesRepository {
  constructor(private readonly db: Sql) {}

  async insert(name: string, tx: Queryable = this.db): Promise<WorkspaceIdRow> {
    const [row] = await tx.query<WorkspaceIdRow>('INSERT INTO workspaces (name) VALUES ($1) RETURNING id', [name]);
    return row;
  }

  async fatigueDays(workspaceId: string): Promise<FatigueDaysRow | undefined> {
    const [row] = await this.db.query<FatigueDaysRow>(`SELECT fatigue_days FROM workspaces WHERE id = $1`, [
      workspaceId,
    ]);
    return row;
  }

  async setFatigueDays(workspaceId: string, days: number | null): Promise<FatigueDaysRow | undefined> {
    const [row] = await this.db.query<FatigueDaysRow>(
      `UPDATE workspaces SET fatigue_days = $2 WHERE id = $1 RETURNING fatigue_days`,
      [workspaceId, days],
    );
    return row;
  }

  async names(workspaceId: string): Promise<WorkspaceNamesRow | undefined> {
    const [row] = await this.db.query<WorkspaceNamesRow>(`SELECT name, display_name FROM workspaces WHERE id = $1`, [
      workspaceId,
    ]);
    return row;
  }

  async setDisplayName(workspaceId: string, displayName: string | null): Promise<WorkspaceNamesRow | undefined> {
    const [row] = await this.db.query<WorkspaceNamesRow>(
      `UPDATE workspaces SET display_name = $2 WHERE id = $1 RETURNING name, display_name`,
      [workspaceId, displayName],
    );
    return row;
  }
}
