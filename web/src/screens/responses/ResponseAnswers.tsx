import type { PageAnswer, ResponseDetail } from '../../api/responses';
import { useLocale, useT } from '../../i18n/i18n';
import { responseMessages } from './response.messages';
import { pickText } from './response-detail';
import { npsBand } from './response-filters';
import { responsesMessages } from './responses.messages';

/** Every answer beside its question as the customer saw it, in the survey's order. */
export function ResponseAnswers({ response }: { response: ResponseDetail }) {
  const t = useT(responseMessages);
  const { locale } = useLocale();
  // The question in the reader's language, else as the customer read it, else as written.
  const chain = [locale, response.language, response.contact.locale, response.survey.defaultLocale];
  return (
    <section className="card wide" aria-labelledby="answers-title">
      <h2 id="answers-title">{t('answers')}</h2>
      {response.answers.length === 0 && !response.unparsedText ? (
        <p>{t('noAnswers')}</p>
      ) : (
        <table className="answers">
          <thead>
            <tr>
              <th scope="col">{t('question')}</th>
              <th scope="col">{t('answer')}</th>
            </tr>
          </thead>
          <tbody>
            {response.answers.map((a) => (
              <tr key={a.questionId} data-question-id={a.questionId}>
                <th scope="row">
                  {a.question ? pickText(a.question.text, chain) : t('unknownQuestion', { id: a.questionId })}
                </th>
                <td>
                  <AnswerValue answer={a} chain={chain} />
                </td>
              </tr>
            ))}
            {response.unparsedText && (
              <tr>
                <th scope="row">{t('unparsed')}</th>
                <td className="said">{response.unparsedText}</td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}

function AnswerValue({ answer: a, chain }: { answer: PageAnswer; chain: Array<string | null> }) {
  const t = useT(responseMessages);
  const bands = useT(responsesMessages);
  const band = a.type === 'nps' ? npsBand(a.value) : null;
  let value: React.ReactNode;
  if (a.value === null) value = a.recording ? t('notTranscribed') : t('none');
  else if (typeof a.value === 'number')
    value = (
      <span className="score-value" data-testid="answer-value">
        {band && <span className={`band-mark ${band}`} aria-hidden="true" />}
        {a.value}
        {band && <span className="muted"> {bands(band)}</span>}
      </span>
    );
  else if (a.question?.choiceLabel) value = pickText(a.question.choiceLabel, chain);
  else if (a.type === 'yes_no' && (a.value === 'yes' || a.value === 'no')) value = t(a.value);
  else
    value = (
      <span className="said" data-testid="answer-value">
        {a.value}
      </span>
    );
  return (
    <>
      {value}
      {a.comment && (
        <p className="said comment" data-testid="answer-comment">
          {t('withComment', { comment: a.comment })}
        </p>
      )}
      {a.recording && (
        <p>
          <a href={a.recording.url} target="_blank" rel="noreferrer">
            {t('recording', { seconds: Math.round(a.recording.seconds) })}
          </a>
        </p>
      )}
    </>
  );
}
