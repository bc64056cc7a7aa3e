import { Injectable } from '@nestjs/common';

import { GroupCommit } from '../common/group-commit';
import { Sql } from '../database/sql';
import { AnswerToSave, ResponseChange, ResponsesService } from '../responses/responses.service';

/** One answer given on the phone: a keyed or spoken value, or a recording of an open answer. */
export interface VoiceAnswer {
  invitation: ResponseChange['invitation'];
  answer?: AnswerToSave;
  recording?: { questionId: string; url: string; seconds: number };
  complete: boolean;
  late: boolean;
}

/**
 * Saves phone answers before the call moves on. Answers from calls in progress at the same moment
 * are written in one transaction (two statements), so a busy call centre hour costs a few commits
 * per batch instead of one per key press.
 */
@Injectable()
export class VoiceAnswerWriter {
  private readonly batcher = new GroupCommit<VoiceAnswer, void>((batch) => this.write(batch));

  constructor(
    private readonly db: Sql,
    private readonly responses: ResponsesService,
  ) {}

  save(answer: VoiceAnswer): Promise<void> {
    return this.batcher.submit(answer);
  }

  transcription(invitationId: string, questionId: string, text: string): Promise<boolean> {
    return this.responses.attachTranscription(invitationId, questionId, text);
  }

  private async write(batch: VoiceAnswer[]): Promise<Array<void | Error>> {
    try {
      const changes = mergeByInvitation(batch);
      const recordings = batch.flatMap((b) => (b.recording ? [{ invitationId: b.invitation.id, ...b.recording }] : []));
      // Keys and speech only: one statement commits on its own, without a transaction's two extra round trips.
      if (recordings.length === 0) await this.responses.applyChanges(this.db, changes);
      else {
        await this.db.transaction(async (tx) => {
          await this.responses.applyChanges(tx, changes);
          await this.responses.attachRecordings(tx, recordings);
        });
      }
      return batch.map(() => undefined);
    } catch (err) {
      // One bad item (or a lost race) must not fail the others' calls: write them one by one.
      if (batch.length === 1) return [err as Error];
      return Promise.all(batch.map(async (b) => (await this.write([b]))[0]));
    }
  }
}

/** One statement can change a response row only once: a replayed request in the same batch merges into its original. */
function mergeByInvitation(batch: VoiceAnswer[]): ResponseChange[] {
  const changes = new Map<string, ResponseChange>();
  for (const b of batch) {
    const change = changes.get(b.invitation.id) ?? {
      invitation: b.invitation,
      answers: [],
      complete: false,
      late: false,
    };
    if (b.answer) change.answers = [...change.answers.filter((a) => a.questionId !== b.answer!.questionId), b.answer];
    change.complete ||= b.complete;
    change.late ||= b.late;
    changes.set(b.invitation.id, change);
  }
  return [...changes.values()];
}
