// Accounts' public face: users and profiles, preferences, onboarding, consents, the dashboard, and the key rule.
export { getConsents, hasConsent, putConsents } from "./consents.js";
export {
  Dashboard,
  type DashboardSection,
  DashboardSections,
  getDashboard,
} from "./dashboard.js";
export {
  consentsKey,
  emailKey,
  identityKey,
  onboardingKey,
  ownerIndex,
  passwordKey,
  preferencesKey,
  profileKey,
  USERS_INDEX_PK,
  userPk,
} from "./keys.js";
export * from "./model.js";
export { accountsDomain } from "./module.js";
export { completeOnboardingStep, getOnboarding, updateOnboarding } from "./onboarding.js";
export {
  checkPreferences,
  getPreferences,
  overlappingWindows,
  preferencesOf,
  putPreferences,
  wantsEmail,
} from "./preferences.js";
export {
  addSignInMethod,
  createUser,
  EmailTakenError,
  findUserByEmail,
  getProfile,
  getUser,
  listUsers,
  markEmailVerified,
  type NewUser,
  removeSignInMethod,
  type StoredUser,
  setRole,
  setStatus,
  toProfile,
  updateProfile,
} from "./users.js";
