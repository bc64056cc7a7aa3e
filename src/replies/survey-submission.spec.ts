import { Question } from '../surveys/survey-definition';
import { applySubmission } from './survey-submission';

const questions: Question[] = [
  { id: 'q1', type: 'nps', text: { en: 'Recommend?' } },
  { id: 'why', type: 'text', text: { en: 'Why?' }, showIf: { question: 'q1', lte: 6 } },
  { id: 'fcr', type: 'yes_no', text: { en: 'Solved?' } },
];

describe('applySubmission', () => {
  it('completes when every shown question is answered and nothing new appears', () => {
    const out = applySubmission(questions, {}, { q1: '9', fcr: 'yes' }, ['q1', 'fcr']);
    expect(out.complete).toBe(true);
    expect(out.answers).toEqual({ q1: 9, fcr: 'yes' });
    expect(out.toSave.map((s) => s.question.id)).toEqual(['q1', 'fcr']);
  });

  it('shows a follow-up revealed by a low score before completing', () => {
    const out = applySubmission(questions, {}, { q1: '3', fcr: 'no' }, ['q1', 'fcr']);
    expect(out.complete).toBe(false);
    expect(out.errors).toEqual({});
    expect(out.answers).toEqual({ q1: 3, fcr: 'no' });
  });

  it('completes once the follow-up was shown, even left empty (text is optional)', () => {
    const out = applySubmission(questions, { q1: 3, fcr: 'no' }, { q1: '3', why: '', fcr: 'no' }, ['q1', 'why', 'fcr']);
    expect(out.complete).toBe(true);
  });

  it('keeps valid answers and reports the bad one', () => {
    const out = applySubmission(questions, {}, { q1: '15', fcr: 'yes' }, ['q1', 'fcr']);
    expect(out.errors).toEqual({ q1: 'out_of_range' });
    expect(out.rawValues).toEqual({ q1: '15' });
    expect(out.toSave.map((s) => s.question.id)).toEqual(['fcr']);
    expect(out.complete).toBe(false);
  });

  it('asks for a required question that was shown but left blank', () => {
    const out = applySubmission(questions, {}, { q1: '10' }, ['q1', 'fcr']);
    expect(out.errors).toEqual({ fcr: 'required' });
    expect(out.toSave.map((s) => s.value)).toEqual([10]);
  });

  it('drops a follow-up answer when the score it depended on changes', () => {
    const out = applySubmission(questions, { q1: 3, why: 'slow', fcr: 'no' }, { q1: '9', fcr: 'no' }, ['q1', 'fcr']);
    expect(out.hiddenAnswered).toEqual(['why']);
    expect(out.answers).toEqual({ q1: 9, fcr: 'no' });
    expect(out.complete).toBe(true);
  });

  it('ignores fields for questions that are not visible', () => {
    const out = applySubmission(questions, {}, { q1: '9', why: 'sneaky', fcr: 'yes' }, ['q1', 'fcr']);
    expect(out.answers).toEqual({ q1: 9, fcr: 'yes' });
  });
});
