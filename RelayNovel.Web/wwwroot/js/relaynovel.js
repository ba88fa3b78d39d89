// Browser side of RelayNovel: localStorage, the IME-safe turn editor, "your turn" signals, clipboard, culture.
// Loaded as a classic script after blazor.web.js; .NET calls these as relayNovel.<area>.<function>.
window.relayNovel = (() => {
  const prefix = 'relaynovel.';
  const roomsKey = prefix + 'rooms';

  const readRooms = () => {
    try {
      const rooms = JSON.parse(localStorage.getItem(roomsKey) ?? '[]');
      return Array.isArray(rooms) ? rooms : [];
    } catch {
      return [];
    }
  };

  const storage = {
    get: key => localStorage.getItem(prefix + key),
    set: (key, value) => localStorage.setItem(prefix + key, value),
    getRooms: () => readRooms().sort((a, b) => (b.lastSeen ?? 0) - (a.lastSeen ?? 0)),
    saveRoom: room => {
      const rooms = readRooms();
      const old = rooms.find(r => r.id === room.id) ?? {};
      const merged = {
        id: room.id,
        title: room.title || old.title || '',
        ownerKey: room.ownerKey ?? old.ownerKey ?? null,
        participantKey: room.participantKey ?? old.participantKey ?? null,
        lastSeen: Date.now(),
      };
      localStorage.setItem(roomsKey, JSON.stringify([merged, ...rooms.filter(r => r.id !== room.id)]));
    },
    forgetRoom: id => localStorage.setItem(roomsKey, JSON.stringify(readRooms().filter(r => r.id !== id))),
  };

  // The turn editor's value is owned by the browser. Blazor never renders it (no @bind), so a server
  // render can't overwrite text while the IME is composing (the `ㅇ안안ㄴ녕` failure). .NET only reads it.
  const editor = {
    attach: (el, dotNet, intervalMs) => {
      if (!el || el.relayNovel) return;
      let timer = null;
      let lastSentAt = 0;
      let lastSent = el.value;
      const send = () => {
        timer = null;
        lastSentAt = Date.now();
        if (el.value === lastSent) return;
        lastSent = el.value;
        dotNet.invokeMethodAsync('OnEditorText', el.value).catch(() => {});
      };
      // Throttle (not debounce): others see a draft that moves about 10 times a second while typing.
      const schedule = () => {
        if (timer) return;
        timer = setTimeout(send, Math.max(0, intervalMs - (Date.now() - lastSentAt)));
      };
      const flush = () => {
        if (timer) clearTimeout(timer);
        send();
      };
      const onKeyDown = e => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.isComposing) {
          e.preventDefault();
          flush();
          dotNet.invokeMethodAsync('OnSubmitShortcut').catch(() => {});
        }
      };
      el.addEventListener('input', schedule);
      el.addEventListener('compositionend', flush);
      el.addEventListener('keydown', onKeyDown);
      el.relayNovel = {
        reset: () => { lastSent = el.value; },
        detach: () => {
          if (timer) clearTimeout(timer);
          el.removeEventListener('input', schedule);
          el.removeEventListener('compositionend', flush);
          el.removeEventListener('keydown', onKeyDown);
          delete el.relayNovel;
        },
      };
    },
    detach: el => el?.relayNovel?.detach(),
    getValue: el => el?.value ?? '',
    clear: el => {
      if (!el) return;
      el.value = '';
      el.relayNovel?.reset();
    },
    // Restores a draft kept by the server after a reload; never touches text the user is typing.
    restore: (el, text) => {
      if (!el || el.value !== '') return false;
      el.value = text;
      el.relayNovel?.reset();
      return true;
    },
    focus: el => el?.focus(),
  };

  const favicon = () => document.getElementById('favicon');
  let audio = null;

  const beep = () => {
    try {
      audio ??= new (window.AudioContext || window.webkitAudioContext)();
      const now = audio.currentTime;
      [0, 0.18].forEach((offset, i) => {
        const osc = audio.createOscillator();
        const gain = audio.createGain();
        osc.type = 'sine';
        osc.frequency.value = i === 0 ? 660 : 880;
        gain.gain.setValueAtTime(0.0001, now + offset);
        gain.gain.exponentialRampToValueAtTime(0.2, now + offset + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, now + offset + 0.16);
        osc.connect(gain).connect(audio.destination);
        osc.start(now + offset);
        osc.stop(now + offset + 0.18);
      });
    } catch {
      // No audio device or autoplay blocked: the title and favicon still signal the turn.
    }
  };

  const turn = {
    // The tab title is rendered by Blazor (PageTitle); this adds what Blazor can't: favicon, sound, notification.
    announce: (title, body, muted) => {
      const icon = favicon();
      if (icon) icon.href = icon.dataset.turnHref;
      if (!muted) beep();
      if ('Notification' in window && Notification.permission === 'granted' && document.visibilityState !== 'visible') {
        try { new Notification(title, { body, tag: 'relaynovel-turn' }); } catch { /* some browsers need a service worker */ }
      }
    },
    reset: () => {
      const icon = favicon();
      if (icon) icon.href = icon.dataset.idleHref;
    },
    beep,
  };

  const notifications = {
    permission: () => ('Notification' in window ? Notification.permission : 'unsupported'),
    request: async () => ('Notification' in window ? await Notification.requestPermission() : 'unsupported'),
  };

  // 'copied', or 'selected' where the page has no clipboard API (plain http on another machine is not a secure
  // context): the text is then selected in its field so Ctrl+C / long-press copies it.
  const clipboard = {
    copy: async (text, fieldSelector) => {
      try {
        if (navigator.clipboard?.writeText) {
          await navigator.clipboard.writeText(text);
          return 'copied';
        }
      } catch {
        // Denied or unavailable: fall back to selecting.
      }
      const field = fieldSelector ? document.querySelector(fieldSelector) : null;
      if (!field) return 'failed';
      field.focus();
      field.select();
      field.setSelectionRange?.(0, field.value.length);
      return 'selected';
    },
  };

  const time = {
    // The reader's zone, for showing stored UTC times as local ones; the offset covers browsers without a zone name.
    zone: () => ({
      id: Intl.DateTimeFormat().resolvedOptions().timeZone ?? null,
      offsetMinutes: -new Date().getTimezoneOffset(),
    }),
  };

  // Arrow and page keys on the replay scrubber step from turn to turn (the ends of the markers drawn on its track)
  // instead of the range input's 1 ms. Delegated, so it survives Blazor re-rendering the input.
  document.addEventListener('keydown', e => {
    const scrubber = e.target;
    if (!(scrubber instanceof HTMLInputElement) || !scrubber.classList.contains('replay-scrubber')) return;
    const forward = e.key === 'ArrowRight' || e.key === 'ArrowUp' || e.key === 'PageUp';
    const back = e.key === 'ArrowLeft' || e.key === 'ArrowDown' || e.key === 'PageDown';
    if (!forward && !back) return;
    const ends = [...document.querySelectorAll('.replay-marker[data-turn-end]')]
      .map(m => Number(m.dataset.turnEnd)).sort((a, b) => a - b);
    if (ends.length === 0) return;
    e.preventDefault();
    const value = Number(scrubber.value);
    const target = forward
      ? ends.find(end => end > value) ?? Number(scrubber.max)
      : [...ends].reverse().find(end => end < value) ?? 0;
    scrubber.value = String(target);
    scrubber.dispatchEvent(new Event('input', { bubbles: true }));
  });

  // "Go to my editor" on a phone, where the editor sits below a long story. The button is only wanted while the
  // editor is out of sight: the root element carries rn-editor-in-view when it isn't (app.css hides the button).
  let viewCheck = 0;
  const checkEditorInView = () => {
    viewCheck = 0;
    const editor = document.querySelector('[data-testid=turn-editor]');
    const rect = editor?.getBoundingClientRect();
    const inView = !!rect && rect.bottom > 0 && rect.top < window.innerHeight;
    document.documentElement.classList.toggle('rn-editor-in-view', inView);
  };
  const scheduleViewCheck = () => { viewCheck ||= requestAnimationFrame(checkEditorInView); };
  window.addEventListener('scroll', scheduleViewCheck, { passive: true });
  window.addEventListener('resize', scheduleViewCheck);
  // Blazor adds and removes the editor and the story grows: re-check after DOM changes too (one check per frame).
  new MutationObserver(scheduleViewCheck).observe(document.documentElement, { childList: true, subtree: true });

  const page = {
    scrollToEditor: () => {
      const editor = document.querySelector('[data-testid=turn-editor]');
      if (!editor) return false;
      editor.scrollIntoView({ behavior: 'smooth', block: 'center' });
      editor.focus({ preventScroll: true });
      return true;
    },
  };

  // The culture lives in ASP.NET Core's request-culture cookie so the next circuit starts in that language.
  const culture = {
    set: name => {
      const value = encodeURIComponent(`c=${name}|uic=${name}`);
      document.cookie = `.AspNetCore.Culture=${value}; path=/; max-age=31536000; samesite=lax`;
      location.reload();
    },
  };

  return { storage, editor, turn, notifications, clipboard, time, page, culture };
})();
