/**
 * A response's answers as the API shows them (the question type; value; the words given with a score; a phone
 * recording), as one JSON array: a select-list expression over `r`, a responses row.
 */
export const RESPONSE_ANSWERS_JSON = `COALESCE((
  SELECT json_agg(json_build_object('questionId', a.question_id, 'type', a.question_type, 'value', COALESCE(to_jsonb(a.value_num), to_jsonb(a.value_text)),
                                    'comment', CASE WHEN a.value_num IS NOT NULL THEN a.value_text END,
                                    'recording', CASE WHEN a.recording_url IS NOT NULL THEN json_build_object('url', a.recording_url, 'seconds', a.recording_seconds) END)
                  ORDER BY a.answered_at, a.question_id)
  FROM answers a WHERE a.response_id = r.id), '[]')`;

/** One element of RESPONSE_ANSWERS_JSON's array. */
export interface ResponseAnswerJson {
  questionId: string;
  /** nps, csat, ces, text, yes_no…: what a reader needs to tell a score from a choice. */
  type: string;
  value: number | string | null;
  comment: string | null;
  recording: { url: string; seconds: number } | null;
}
