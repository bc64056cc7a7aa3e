import { answerColumns } from './answer-columns';

describe('answerColumns', () => {
  it('stores a number on a scale as a number, with the words given beside it as text', () => {
    expect(answerColumns({ questionId: 'q1', questionType: 'nps', value: 9, comment: 'quick and friendly' })).toEqual({
      questionId: 'q1',
      questionType: 'nps',
      valueNum: 9,
      valueText: 'quick and friendly',
    });
    expect(answerColumns({ questionId: 'q1', questionType: 'csat', value: 4 })).toMatchObject({
      valueNum: 4,
      valueText: null,
    });
  });

  it('stores every other answer as text', () => {
    expect(answerColumns({ questionId: 'why', questionType: 'text', value: 'slow', comment: 'x' })).toMatchObject({
      valueNum: null,
      valueText: 'slow',
    });
    expect(answerColumns({ questionId: 'q1', questionType: 'nps', value: 'nine' })).toMatchObject({
      valueNum: null,
      valueText: 'nine',
    });
  });
});
