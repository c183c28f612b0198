// Accounts' public face: users and profiles, preferences, onboarding, consents, the dashboard, and the key rule.
export { getConsents, hasConsent, putConsents } from "./consents.js";
export {
  Dashboard,
  DashboardHome,
  type DashboardSection,
  DashboardSections,
  getDashboard,
} from "./dashboard.js";
export {
  ConsentsRecord,
  consentsKey,
  EmailClaim,
  emailKey,
  Identity,
  identityKey,
  OnboardingRecord,
  onboardingKey,
  ownerIndex,
  PasswordCredential,
  PreferencesRecord,
  passwordKey,
  preferencesKey,
  profileKey,
  SIGN_IN_PREFIX,
  SignIn,
  signInKey,
  USERS_INDEX_PK,
  User,
  userPk,
} from "./keys.js";
export * from "./model.js";
export { completeOnboardingStep, getOnboarding, updateOnboarding } from "./onboarding.js";
export {
  checkPreferences,
  getPreferences,
  overlappingWindows,
  preferencesOf,
  putPreferences,
  setNotificationChannel,
  wantsEmail,
} from "./preferences.js";
export {
  type AccountStamp,
  accountStampOf,
  addSignInMethod,
  changeEmail,
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
  setSuspension,
  suspensionAt,
  toProfile,
  updateProfile,
} from "./users.js";
