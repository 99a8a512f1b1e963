// The 3D viewer as a React component (loaded on demand: three.js is not in the library's
// first paint). The poster stays up until the model is drawn; errors keep the poster and say
// what went wrong. Keys inside the viewer: arrows turn and tilt, + and − zoom, R resets the
// view, Space plays/pauses.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FullscreenIcon, PauseIcon, PlayIcon, ResetViewIcon, RotateIcon } from '../components/icons.js';
import { numberFormat } from '../format.js';
import { ModelViewer, ModelViewError, type ModelInfo } from './viewer.js';

export interface ModelViewProps {
  url: string;
  posterUrl?: string | undefined;
  /** The item's other files by name (a .gltf's external buffers and textures), as URLs. */
  files?: Record<string, string> | undefined;
  label: string;
}

const STEP = Math.PI / 12; // 15° a key press
/** Keys on the focused viewer: [turn, tilt, zoom]. */
const KEY_STEPS: Record<string, [number, number, number]> = {
  ArrowLeft: [STEP, 0, 1],
  ArrowRight: [-STEP, 0, 1],
  ArrowUp: [0, STEP, 1],
  ArrowDown: [0, -STEP, 1],
  '+': [0, 0, 1.2],
  '=': [0, 0, 1.2],
  '-': [0, 0, 1 / 1.2],
};

type State = { kind: 'loading'; loaded: number; total: number | null } | { kind: 'ready'; info: ModelInfo } | { kind: 'error'; message: string };

export default function ModelView({ url, posterUrl, files, label }: ModelViewProps) {
  const { t, i18n } = useTranslation();
  const stageRef = useRef<HTMLDivElement>(null);
  const frameRef = useRef<HTMLDivElement>(null);
  const viewerRef = useRef<ModelViewer | null>(null);
  const [state, setState] = useState<State>({ kind: 'loading', loaded: 0, total: null });
  const [playing, setPlaying] = useState(false);
  const [rotating, setRotating] = useState(false);

  useEffect(() => {
    const stage = stageRef.current;
    if (!stage) return;
    const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));
    // The reason in the user's language, with the technical detail in brackets.
    const said = { 'no-webgl': 'viewer.noWebgl', damaged: 'viewer.damaged', unreadable: 'viewer.unreadable' } as const;
    const fail = (error: unknown) => {
      const key = error instanceof ModelViewError && error.reason !== 'other' ? said[error.reason] : null;
      setState({ kind: 'error', message: key ? t(key, { reason: reason(error) }) : reason(error) });
    };
    let viewer: ModelViewer;
    try {
      viewer = new ModelViewer(stage, {
        ...(files ? { files } : {}),
        onProgress: (loaded, total) => setState((s) => (s.kind === 'loading' ? { kind: 'loading', loaded, total } : s)),
        onPlaying: setPlaying,
        onAutoRotate: setRotating,
      });
    } catch (error) {
      fail(error);
      return;
    }
    viewerRef.current = viewer;
    viewer.canvas.dataset.testid = 'model-canvas';
    viewer.canvas.setAttribute('aria-label', label);
    viewer.canvas.setAttribute('role', 'img');
    let current = true; // a closed viewer's answer must not land on the next model's state
    viewer.load(url).then(
      (info) => current && setState({ kind: 'ready', info }),
      (error: unknown) => current && fail(error),
    );
    return () => {
      current = false;
      viewer.dispose();
      viewerRef.current = null;
    };
    // The viewer is made once per model; label/files changes do not reload it.
  }, [url]);

  const viewer = viewerRef.current;
  const ready = state.kind === 'ready';
  const hasAnimations = ready && state.info.animations.length > 0;
  const number = numberFormat(i18n.language, 2);
  const infoText = (info: ModelInfo) =>
    [
      t('viewer.info', { count: info.meshes, meshes: info.meshes, triangles: number.format(info.triangles), size: info.size.map((v) => number.format(v)).join(' × ') }),
      ...(info.animations.length ? [t('viewer.animations', { count: info.animations.length })] : []),
      t('viewer.hint'),
    ].join(' · ');

  return (
    <div
      className={`model-view model-${state.kind}`}
      ref={frameRef}
      data-testid="model-view"
      data-state={state.kind}
      tabIndex={0}
      onKeyDown={(e) => {
        if (!viewer || !ready) return;
        if (e.key === 'r' || e.key === 'R') {
          e.preventDefault();
          viewer.resetView();
        } else if (e.key === ' ' && hasAnimations) {
          e.preventDefault();
          viewer.setPlaying(!playing);
        } else if (e.target === e.currentTarget && e.key in KEY_STEPS) {
          e.preventDefault(); // the page must not scroll
          const [turn, tilt, zoom] = KEY_STEPS[e.key]!;
          viewer.nudge(turn, tilt, zoom);
        }
      }}
    >
      <div className="model-stage" ref={stageRef} />
      {!ready && posterUrl ? <img className="model-poster" src={posterUrl} alt="" /> : null}
      {state.kind === 'loading' ? (
        <div className="model-overlay" role="status">
          <span className="spinner" aria-hidden />
          <span>
            {state.total
              ? t('viewer.loadingPercent', { percent: Math.round((100 * state.loaded) / state.total) })
              : t('viewer.loading')}
          </span>
        </div>
      ) : null}
      {state.kind === 'error' ? (
        <div className="model-overlay model-error" role="alert" data-testid="model-error">
          <strong>{t('viewer.error')}</strong>
          <span>{state.message}</span>
        </div>
      ) : null}
      {ready && viewer ? (
        <div className="model-controls" role="toolbar" aria-label={t('viewer.controls')}>
          {hasAnimations ? (
            <button
              type="button"
              data-testid="model-play"
              aria-pressed={playing}
              title={playing ? t('viewer.pause') : t('viewer.play')}
              aria-label={playing ? t('viewer.pause') : t('viewer.play')}
              onClick={() => viewer.setPlaying(!playing)}
            >
              {playing ? <PauseIcon /> : <PlayIcon />}
            </button>
          ) : null}
          <button
            type="button"
            aria-pressed={rotating}
            title={t('viewer.autoRotate')}
            aria-label={t('viewer.autoRotate')}
            onClick={() => viewer.setAutoRotate(!rotating)}
          >
            <RotateIcon />
          </button>
          <button type="button" data-testid="model-reset" title={t('viewer.reset')} aria-label={t('viewer.reset')} onClick={() => viewer.resetView()}>
            <ResetViewIcon />
          </button>
          <button
            type="button"
            title={t('viewer.fullscreen')}
            aria-label={t('viewer.fullscreen')}
            onClick={() => {
              if (document.fullscreenElement) void document.exitFullscreen();
              else void frameRef.current?.requestFullscreen().catch(() => undefined);
            }}
          >
            <FullscreenIcon />
          </button>
        </div>
      ) : null}
      {ready ? (
        <p className="model-info" data-testid="model-info" title={infoText(state.info)}>
          {infoText(state.info)}
        </p>
      ) : null}
    </div>
  );
}
