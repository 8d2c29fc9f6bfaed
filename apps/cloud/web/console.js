// The Cloud's own small page: create an account or sign in, approve a device code (the device flow's
// verification page) and accept an invitation link. Tokens stay in this page's memory only.
const state = { accessToken: null, refreshToken: null, user: null, workspaces: [], signingUp: false };

const $ = (id) => document.getElementById(id);
const show = (id) => {
  for (const section of document.querySelectorAll("main > section")) section.hidden = section.id !== id;
};
const say = (text, isError = false) => {
  $("status").textContent = text;
  $("status").className = isError ? "error" : "";
};

async function api(method, path, body) {
  const headers = { "content-type": "application/json" };
  if (state.accessToken) headers.authorization = `Bearer ${state.accessToken}`;
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const fields = (data?.errors ?? []).map((e) => `${e.path}: ${e.message}`).join("; ");
    throw new Error(fields || data?.detail || data?.title || `Request failed (${response.status})`);
  }
  return data;
}

function fillWorkspaces() {
  for (const select of document.querySelectorAll(".workspace-select")) {
    select.replaceChildren(
      ...state.workspaces.map((w) =>
        Object.assign(document.createElement("option"), {
          value: w.id,
          textContent: `${w.name} (${w.role})`,
        }),
      ),
    );
  }
  $("workspaces").replaceChildren(
    ...state.workspaces.map((w) =>
      Object.assign(document.createElement("li"), { textContent: `${w.name} — ${w.role}` }),
    ),
  );
  $("who").textContent = state.user ? `${state.user.name} <${state.user.email}>` : "";
}

async function route() {
  if (!state.accessToken) return show("sign-in");
  const path = location.pathname;
  if (path === "/device") {
    const code = new URLSearchParams(location.search).get("code");
    if (code) {
      $("device-form").userCode.value = code;
      await describeDevice(code);
    }
    return show("device");
  }
  if (path === "/join" && location.hash.length > 1) {
    try {
      const preview = await api("POST", "/v1/invitations/preview", { token: location.hash.slice(1) });
      $("join-details").textContent =
        `${preview.invitedBy} invites you to ${preview.workspaceName} as ${preview.role}.`;
      return show("join");
    } catch (error) {
      say(error.message, true);
    }
  }
  show("home");
}

async function describeDevice(code) {
  try {
    const device = await api("GET", `/v1/device/requests/${encodeURIComponent(code)}`);
    $("device-details").textContent = `Device: ${device.instanceName} (${device.platform})`;
  } catch (error) {
    $("device-details").textContent = "";
    say(error.message, true);
  }
}

$("toggle-mode").addEventListener("click", () => {
  state.signingUp = !state.signingUp;
  $("name-field").hidden = !state.signingUp;
  // The Cloud requires a name on sign-up; password managers offer a new password only when asked for one.
  const form = $("sign-in-form");
  form.elements.name.required = state.signingUp;
  form.password.autocomplete = state.signingUp ? "new-password" : "current-password";
  $("sign-in-title").textContent = state.signingUp ? "Create an account" : "Sign in";
  $("sign-in-submit").textContent = state.signingUp ? "Create account" : "Sign in";
  $("toggle-mode").textContent = state.signingUp ? "Have an account? Sign in" : "New here? Create an account";
});

$("sign-in-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const body = { email: form.email.value, password: form.password.value };
  if (state.signingUp) body.name = form.name.value;
  try {
    const result = await api("POST", state.signingUp ? "/v1/auth/sign-up" : "/v1/auth/sign-in", body);
    Object.assign(state, {
      accessToken: result.tokens.accessToken,
      refreshToken: result.tokens.refreshToken,
      user: result.user,
      workspaces: result.workspaces,
    });
    form.password.value = "";
    fillWorkspaces();
    say(state.signingUp ? "Account created. Welcome!" : "Signed in.");
    await route();
  } catch (error) {
    say(error.message, true);
  }
});

$("device-form").userCode.addEventListener("change", (event) => describeDevice(event.target.value));
$("device-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const approve = event.submitter?.value !== "deny";
  try {
    await api("POST", "/v1/device/approve", {
      userCode: form.userCode.value,
      workspaceId: form.workspaceId.value,
      approve,
    });
    say(approve ? "Device approved. Go back to your terminal." : "Device denied.");
    show("home");
  } catch (error) {
    say(error.message, true);
  }
});

$("join-accept").addEventListener("click", async () => {
  try {
    const result = await api("POST", "/v1/invitations/accept", { token: location.hash.slice(1) });
    state.workspaces.push({
      id: result.workspace.id,
      name: result.workspace.name,
      role: result.workspace.role,
    });
    fillWorkspaces();
    history.replaceState(null, "", "/");
    say(`You joined ${result.workspace.name}.`);
    show("home");
  } catch (error) {
    say(error.message, true);
  }
});

$("sign-out").addEventListener("click", async () => {
  if (state.refreshToken)
    await api("POST", "/v1/auth/sign-out", { refreshToken: state.refreshToken }).catch(() => {});
  Object.assign(state, { accessToken: null, refreshToken: null, user: null, workspaces: [] });
  say("Signed out.");
  show("sign-in");
});

route();
