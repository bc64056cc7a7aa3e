import { Inject, Injectable } from '@nestjs/common';

import { renderTwiml } from '../channels/twilio/twiml-renderer';
import { voiceCallUrl, voiceTranscriptionUrl, VoiceTurn, voiceTurnUrl } from '../channels/twilio/voice-urls';
import { Clock } from '../common/clock';
import { GroupCommit } from '../common/group-commit';
import { APP_CONFIG, AppConfig } from '../config/config';
import { UiLocale } from '../i18n/locale';
import { isMachine } from '../policy/call-outcome';
import { MACHINE_VERDICTS, MachineVerdicts } from '../policy/machine-verdicts';
import { localizeQuestion, readerLocale } from '../surveys/localize';
import { Answers, Question, SurveyDefinition } from '../surveys/survey-definition';
import { SurveysService } from '../surveys/surveys.service';
import { WorkspacesService } from '../workspaces/workspaces.service';
import { afterInvalid, questionScript, recordScript, sayAndHangupScript } from './ivr-script';
import { KeypadAnswer, parseKeypadAnswer } from './keypad-answer';
import { nextQuestion } from './sms-conversation';
import { VoiceAnswerWriter } from './voice-answer.writer';
import { VoiceCallKey, VoiceCallRepository } from './voice-call.repository';
import {
  VoiceConfig,
  voiceGreeting,
  voiceMachineMessage,
  voiceMovingOn,
  voiceNoAnswerEnding,
  VoiceSettings,
  voiceSettings,
  voiceThanks,
} from './voice-prompts';

/** What Twilio posted on one request of a survey call (after the signature check). */
export interface VoiceRequest {
  workspaceId: string;
  token: string;
  /** Which question this request answers; null on the call's first request. */
  turn: VoiceTurn | null;
  /** The Gather or Record got nothing and fell through to our redirect. */
  noInput: boolean;
  params: Record<string, string>;
}

interface CallState {
  id: string;
  workspaceId: string;
  campaignId: string;
  surveyVersionId: string;
  contactId: string;
  status: string;
  expired: boolean;
  locale: string | null;
  options: { machineMessage?: boolean; voices?: VoiceConfig } | null;
  answers: Answers;
}

/** Everything one TwiML reply is built from: the survey in the caller's language and voice. */
interface Script {
  state: CallState;
  survey: SurveyDefinition;
  chain: string[];
  ui: UiLocale;
  voice: VoiceSettings;
  callUrl: string;
}

/** Twilio's longest recording (`maxLength` 14,400 s). */
const MAX_RECORDING_SECONDS = 14_400;

/**
 * The phone survey (IVR): each request Twilio makes during a call gets the next TwiML document.
 * Which question a request answers travels in its (signed) URL, and every answer is saved before
 * the reply goes back, so a caller who hangs up leaves a partial response that counts.
 */
@Injectable()
export class VoiceCallService {
  private readonly loader = new GroupCommit<VoiceCallKey, CallState | null>((keys) => this.loadBatch(keys));

  constructor(
    private readonly calls: VoiceCallRepository,
    private readonly clock: Clock,
    private readonly surveys: SurveysService,
    private readonly writer: VoiceAnswerWriter,
    @Inject(MACHINE_VERDICTS) private readonly machineVerdicts: MachineVerdicts,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly workspaces: WorkspacesService,
  ) {}

  /** The TwiML to answer with; null when the token belongs to no voice invitation of this workspace. */
  async twiml(req: VoiceRequest): Promise<string | null> {
    const state = await this.load(req.workspaceId, req.token);
    if (!state) return null;
    const script = await this.script(state, req.token);
    if (!req.turn) return this.opening(script, req.params);
    const question = script.survey.questions.find((q) => q.id === req.turn!.questionId);
    if (!question) return this.ending(script, state.answers);
    const answer = this.understand(question, req, script);
    if (answer.kind === 'invalid') return this.afterInvalid(script, question, req.turn.attempt);

    // A recording has no value until it is transcribed, but it answers the question all the same.
    const answers = { ...state.answers, [question.id]: answer.kind === 'recording' ? '' : answer.value };
    const next = nextQuestion(script.survey, answers, question.id);
    await this.writer.save({
      invitation: { ...state, channel: 'voice' },
      ...(answer.kind === 'recording'
        ? { recording: { questionId: question.id, url: answer.url, seconds: answer.seconds } }
        : {
            answer: {
              questionId: question.id,
              questionType: question.type,
              value: answer.value,
              comment: answer.comment,
            },
          }),
      complete: !next,
      late: state.expired,
    });
    return next ? this.ask(script, next, 0) : renderTwiml(sayAndHangupScript(voiceThanks(script.ui), script.voice));
  }

  /** Twilio's transcription callback for a recorded answer. */
  async transcription(
    workspaceId: string,
    token: string,
    questionId: string | null,
    params: Record<string, string>,
  ): Promise<boolean> {
    const text = params.TranscriptionText?.trim();
    if (!questionId || !text || params.TranscriptionStatus === 'failed') return false;
    const state = await this.load(workspaceId, token);
    return state ? this.writer.transcription(state.id, questionId, text) : false;
  }

  private load(workspaceId: string, token: string): Promise<CallState | null> {
    return this.loader.submit({ workspaceId, token });
  }

  private async loadBatch(keys: VoiceCallKey[]): Promise<Array<CallState | null>> {
    const rows = await this.calls.loadMany(keys, this.clock.now());
    const byKey = new Map(rows.map((row) => [`${row.workspace_id}|${row.token}`, row]));
    return keys.map((k) => {
      const row = byKey.get(`${k.workspaceId}|${k.token}`);
      if (!row) return null;
      return {
        id: row.id,
        workspaceId: row.workspace_id,
        campaignId: row.campaign_id,
        surveyVersionId: row.survey_version_id,
        contactId: row.contact_id,
        status: row.status,
        expired: row.expired,
        locale: row.locale,
        options: row.voice_options,
        answers: row.answers ?? {},
      };
    });
  }

  private async script(state: CallState, token: string): Promise<Script> {
    const survey = (await this.surveys.getVersion(state.surveyVersionId)).definition;
    const reader = readerLocale(state.locale, survey);
    return {
      state,
      survey,
      chain: reader.chain,
      ui: reader.ui,
      voice: voiceSettings(reader.ui, state.options?.voices),
      callUrl: voiceCallUrl(this.config.publicBaseUrl, state.workspaceId, token),
    };
  }

  /** The call was answered: a machine gets no survey; a person hears the greeting and the first question. */
  private async opening(script: Script, params: Record<string, string>): Promise<string> {
    const { state, ui, voice } = script;
    if (isMachine(params.AnsweredBy)) {
      await this.machineVerdicts.markMachine(state.id, params.AnsweredBy);
      const message = state.options?.machineMessage
        ? voiceMachineMessage(ui, await this.workspaces.senderName(state.workspaceId))
        : '';
      return renderTwiml(sayAndHangupScript(message, voice));
    }
    const first =
      state.status === 'cancelled' || state.expired ? undefined : nextQuestion(script.survey, state.answers, undefined);
    if (!first) return this.ending(script, state.answers);
    return this.ask(script, first, 0, voiceGreeting(ui, await this.workspaces.senderName(state.workspaceId)));
  }

  private understand(
    question: Question,
    req: VoiceRequest,
    script: Script,
  ): KeypadAnswer | { kind: 'recording'; url: string; seconds: number } {
    if (req.noInput) return { kind: 'invalid', reason: 'no_input' };
    if (question.type === 'text') {
      const url = req.params.RecordingUrl;
      const seconds = Number(req.params.RecordingDuration ?? 0);
      // Twilio skips the action when nothing was recorded; an empty recording is no answer either.
      if (!url || !(seconds > 0)) return { kind: 'invalid', reason: 'no_input' };
      // Twilio records at most 4 hours; a longer or non-finite duration (1e400) is capped, not a failed int write.
      return { kind: 'recording', url, seconds: Math.min(Math.round(seconds), MAX_RECORDING_SECONDS) };
    }
    return parseKeypadAnswer({ digits: req.params.Digits, speech: req.params.SpeechResult }, question, script.chain[0]);
  }

  /**
   * No or invalid input: ask again (at most twice), then move on to the next question, or end
   * politely. A caller who has answered nothing by then is not taking the survey: the call ends.
   */
  private afterInvalid(script: Script, question: Question, attempt: number): string {
    const next = afterInvalid(attempt);
    if (next.action === 'reprompt') return this.ask(script, question, next.attempt);
    const answeredSomething = Object.keys(script.state.answers).length > 0;
    const following = answeredSomething ? nextQuestion(script.survey, script.state.answers, question.id) : undefined;
    if (following) return this.ask(script, following, 0, voiceMovingOn(script.ui));
    return this.ending(script, script.state.answers);
  }

  private ending(script: Script, answers: Answers): string {
    const said = Object.keys(answers).length > 0 ? voiceThanks(script.ui) : voiceNoAnswerEnding(script.ui);
    return renderTwiml(sayAndHangupScript(said, script.voice));
  }

  private ask(script: Script, question: Question, attempt: number, before?: string): string {
    const localized = localizeQuestion(question, script.chain);
    const actionUrl = voiceTurnUrl(script.callUrl, { questionId: question.id, attempt });
    if (question.type === 'text') {
      return renderTwiml(
        recordScript({
          localizedText: localized.text,
          ui: script.ui,
          voice: script.voice,
          actionUrl,
          attempt,
          greeting: before,
          transcribeCallback: voiceTranscriptionUrl(script.callUrl, question.id),
          // Twilio's built-in recording transcription understands English only.
          transcribe: script.voice.language.startsWith('en'),
        }),
      );
    }
    return renderTwiml(
      questionScript({
        question,
        localizedText: localized.text,
        choiceLabels: localized.choiceLabels,
        ui: script.ui,
        voice: script.voice,
        actionUrl,
        attempt,
        greeting: before,
      }),
    );
  }
}
